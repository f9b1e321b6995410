/**
 * The harness's side of a load agent on another machine (agent-server.ts): one TLS connection,
 * the hello checked, heartbeats, and the same `LoadAgent` the IPC agent gives, so the run never
 * knows how its agent is reached. A connection lost mid-run aborts the run, as a local agent's
 * death does.
 */
import tls from 'node:tls';
import { ChildDiedError, EnvironmentError } from '../errors.js';
import type { RunContext } from '../process/index.js';
import type { LoadAgent } from './agent-client.js';
import { DEAD_AFTER_HEARTBEATS, FromAgentSchema, hello, helloMismatch, HEARTBEAT_MS, openChannel, type Channel, type FromAgent, type ToAgent } from './agent-protocol.js';
import { trialCapMs } from './agent-server.js';
import { wrongPeer, type AgentTls } from './agent-tls.js';
import { LoadResultSchema, type LoadResult } from './types.js';

export interface ConnectLoadAgentOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: AgentTls;
  readonly toolVersion: string;
  /** Where the agent runs, in words, for errors and the record (e.g. `pod x on node y`). */
  readonly where: string;
  readonly heartbeatMs?: number;
  /** Connect, handshake and hello (default 15 s). */
  readonly connectTimeoutMs?: number;
}

interface Pending {
  resolve(result: LoadResult): void;
  reject(error: Error): void;
}

export async function connectLoadAgent(ctx: RunContext, options: ConnectLoadAgentOptions): Promise<LoadAgent> {
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const timeoutMs = options.connectTimeoutMs ?? 15_000;
  const where = `the load agent (${options.where}, ${options.host}:${options.port})`;
  const socket = await connectTls(options, timeoutMs, where);
  const pending = new Map<number, Pending>();
  let closing = false;
  let helloDone = false;
  let greet: { resolve(message: FromAgent): void; reject(error: Error): void } | undefined;
  const greeted = new Promise<FromAgent>((resolve, reject) => (greet = { resolve, reject }));
  const channel: Channel<ToAgent> = openChannel<FromAgent, ToAgent>(socket, {
    schema: FromAgentSchema,
    heartbeatMs,
    onMessage: (message) => {
      if (message.type === 'hello' || (message.type === 'error' && message.id === null)) return greet?.resolve(message);
      if (message.type !== 'result' && message.type !== 'error') return;
      const waiting = message.id === null ? undefined : pending.get(message.id);
      if (waiting === undefined) return;
      pending.delete(message.id!);
      if (message.type === 'error') waiting.reject(new ChildDiedError(`${where} failed a trial: ${message.message}`));
      else waiting.resolve(LoadResultSchema.parse(message.result));
    },
    onClose: (reason) => {
      if (!helloDone) {
        closing = true;
        greet?.reject(new EnvironmentError(`${where} closed the connection before its hello: ${reason}.`, 'Does the agent hold a certificate from this run\'s CA, and does it expect this harness\'s SPIFFE id?'));
        return;
      }
      const error = new ChildDiedError(`${where} stopped answering: ${reason}`, 'What was measured before it was lost is kept in the result, marked partial.');
      greet?.reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
      if (!closing) ctx.abort(error);
    },
  });
  ctx.defer(`close the connection to ${where}`, async () => {
    closing = true;
    channel.close('the run ended');
  });
  const mine = hello('harness', options.toolVersion);
  channel.send(mine);
  const answer = await withTimeout(greeted, timeoutMs, () => new EnvironmentError(`${where} did not say hello within ${timeoutMs / 1000} s.`));
  const mismatch = answer.type === 'hello' ? helloMismatch(mine, answer) : answer.type === 'error' ? answer.message : 'it did not say hello';
  if (mismatch !== undefined) {
    closing = true;
    channel.close('versions differ');
    throw new EnvironmentError(`${where} cannot serve this harness: ${mismatch}.`, 'Run the agent from the same meshtax version as the harness (on Kubernetes: the app image of this version, `npm run cluster:images` or `meshtax image build`).');
  }
  helloDone = true;
  let nextId = 1;
  return {
    where: options.where,
    run(spec) {
      const id = nextId++;
      const boundMs = trialCapMs(spec) + heartbeatMs * DEAD_AFTER_HEARTBEATS;
      const onAbort = () => channel.send({ type: 'abort' });
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const reply = new Promise<LoadResult>((resolve, reject) => pending.set(id, { resolve, reject }));
      channel.send({ type: 'trial', id, spec });
      return withTimeout(reply, boundMs, () => new ChildDiedError(`${where} gave no answer to trial ${id} within ${boundMs} ms.`)).finally(() => {
        pending.delete(id);
        ctx.signal.removeEventListener('abort', onAbort);
      });
    },
  };
}

function connectTls(options: ConnectLoadAgentOptions, timeoutMs: number, where: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: options.host,
      port: options.port,
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.ca,
      minVersion: 'TLSv1.3',
      // The agent has no DNS name: like a sidecar, check its SPIFFE id instead.
      checkServerIdentity: (_host, cert) => {
        const wrong = wrongPeer(cert, options.tls.peerId);
        return wrong === undefined ? undefined : new Error(wrong);
      },
    });
    const timer = setTimeout(() => fail(new Error(`no TLS connection within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new EnvironmentError(`Could not reach ${where}: ${error.message}.`, 'Is the agent running (`meshtax agent --listen …`) with a certificate from the run CA?'));
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(socket);
    });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(error()), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
