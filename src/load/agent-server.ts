/**
 * The load agent reached over one TCP connection (mutual TLS with the run's CA), for a client
 * node that is not the harness's host: the same trial runner as the IPC agent (agent.ts). One
 * trial at a time; a trial stops when its connection drops (a killed harness leaves no load
 * running) and at its cap (duration + request timeout + 5 s) on the agent's own clock.
 */
import type { AddressInfo, Socket } from 'node:net';
import tls from 'node:tls';
import { hello, helloMismatch, openChannel, ToAgentSchema, type Channel, type FromAgent, type ToAgent } from './agent-protocol.js';
import { wrongPeer, type AgentTls } from './agent-tls.js';
import { trialRunner, type RunTrial } from './trial-runner.js';
import type { LoadSpec } from './types.js';

export interface AgentServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: AgentTls;
  readonly toolVersion: string;
  readonly heartbeatMs?: number;
  /** What runs a trial (default: the load loops); tests pass a stand-in. */
  readonly runTrial?: RunTrial;
  readonly log?: (line: string) => void;
}

export interface AgentServer {
  readonly address: AddressInfo;
  close(): Promise<void>;
}

const CAP_SLACK_MS = 5_000;
/** The longest a trial may run on the agent, whatever the harness does. */
export const trialCapMs = (spec: LoadSpec): number => Math.ceil(spec.durationS * 1000) + spec.timeoutMs + CAP_SLACK_MS;

export async function serveLoadAgent(options: AgentServerOptions): Promise<AgentServer> {
  const runTrial = options.runTrial ?? trialRunner();
  const log = options.log ?? (() => {});
  const busy = { trial: undefined as number | undefined };
  const sockets = new Set<Socket>();
  const server = tls.createServer({ cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.3' }, (socket) => {
    const refused = wrongPeer(socket.getPeerCertificate(), options.tls.peerId);
    if (refused !== undefined) {
      log(`refused a connection from ${socket.remoteAddress}: ${refused}`);
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, { ...options, runTrial, log, busy });
  });
  // A TCP readiness probe or a peer without the run's certificate: not worth a line each.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface ConnectionContext extends AgentServerOptions {
  readonly runTrial: RunTrial;
  readonly log: (line: string) => void;
  readonly busy: { trial: number | undefined };
}

function serveConnection(socket: Socket, ctx: ConnectionContext): void {
  const mine = hello('agent', ctx.toolVersion);
  let greeted = false;
  let running: AbortController | undefined;
  const channel: Channel<FromAgent> = openChannel<ToAgent, FromAgent>(socket, {
    schema: ToAgentSchema,
    heartbeatMs: ctx.heartbeatMs,
    onClose: (reason) => {
      if (running) ctx.log(`connection lost (${reason}): stopping the running trial`);
      running?.abort();
    },
    onMessage: (message) => {
      if (!greeted) {
        const mismatch = message.type === 'hello' ? helloMismatch(mine, message) : 'the first message was not a hello';
        if (mismatch !== undefined) {
          ctx.log(`refused the harness: ${mismatch}`);
          channel.send({ type: 'error', id: null, message: mismatch });
          socket.end();
          return;
        }
        greeted = true;
        return;
      }
      if (message.type === 'abort') return running?.abort();
      if (message.type === 'trial') void runOne(message.id, message.spec);
    },
  });
  channel.send(mine);

  async function runOne(id: number, spec: LoadSpec): Promise<void> {
    if (ctx.busy.trial !== undefined) return channel.send({ type: 'error', id, message: `the agent is running trial ${ctx.busy.trial} already (one at a time)` });
    ctx.busy.trial = id;
    const controller = new AbortController();
    running = controller;
    const capMs = trialCapMs(spec);
    let cap: NodeJS.Timeout | undefined;
    const capped = new Promise<'capped'>((resolve) => (cap = setTimeout(() => resolve('capped'), capMs)));
    const trial = ctx.runTrial(spec, controller.signal).finally(() => {
      clearTimeout(cap);
      if (running === controller) running = undefined;
      ctx.busy.trial = undefined;
    });
    try {
      const outcome = await Promise.race([trial, capped]);
      if (outcome === 'capped') {
        controller.abort();
        channel.send({ type: 'error', id, message: `the trial ran past its cap of ${capMs} ms on the agent and was stopped` });
      } else {
        channel.send({ type: 'result', id, result: outcome });
      }
    } catch (error) {
      channel.send({ type: 'error', id, message: (error as Error).message });
    }
  }
}
