/**
 * The load agent over one TCP connection, on loopback with real mutual TLS (the run's CA from
 * src/pki): framing, a real trial against a real HTTP server, the hello's version check, the
 * SPIFFE id check both ways, heartbeats, and the agent stopping a trial whose harness is gone.
 * Where a trial's content does not matter, a stand-in trial runner waits on its abort signal.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChildDiedError, EnvironmentError } from '../errors.js';
import { createRunPki, workloadCert, type RunPki } from '../pki/index.js';
import { RunContext } from '../process/index.js';
import { connectLoadAgent } from './agent-connect.js';
import { hello, lineSplitter } from './agent-protocol.js';
import { serveLoadAgent, type AgentServer } from './agent-server.js';
import type { AgentTls } from './agent-tls.js';
import type { RunTrial } from './trial-runner.js';
import type { LoadResult, LoadSpec } from './types.js';

let root: string;
let pki: RunPki;
let agentTls: AgentTls;
let harnessTls: AgentTls;
const cleanups: Array<() => Promise<void> | void> = [];

const spec = (over: Partial<LoadSpec> = {}): LoadSpec => ({ model: 'open', protocol: 'http', url: 'http://127.0.0.1:9/', arrival: 'uniform', rateRps: 200, durationS: 0.3, connections: 2, newConnectionEvery: 0, timeoutMs: 1000, seed: 1, ...over });
const emptyResult: LoadResult = { model: 'open', offeredRps: 1, achievedRps: 0, durationS: 0, scheduled: 0, sent: 0, completed: 0, errors: 0, timeouts: 0, statusCounts: {}, versionCounts: {}, latencyHistogram: '', serviceHistogram: null, scheduleLagP99Us: null, scheduleLagMaxUs: null, connectionsOpened: 0, aborted: true };

/** A stand-in runner that runs until aborted, and says when it was. */
function untilAborted(): { runTrial: RunTrial; started: Promise<void>; aborted: Promise<void> } {
  let started!: () => void;
  let aborted!: () => void;
  const result = { started: new Promise<void>((r) => (started = r)), aborted: new Promise<void>((r) => (aborted = r)) };
  return {
    ...result,
    runTrial: (_spec, signal) =>
      new Promise((resolve) => {
        started();
        signal.addEventListener('abort', () => {
          aborted();
          resolve(emptyResult);
        });
      }),
  };
}

async function agent(options: { runTrial?: RunTrial; toolVersion?: string; heartbeatMs?: number; tls?: AgentTls } = {}): Promise<AgentServer> {
  const server = await serveLoadAgent({ host: '127.0.0.1', port: 0, tls: options.tls ?? agentTls, toolVersion: options.toolVersion ?? '1.0.0', ...(options.runTrial ? { runTrial: options.runTrial } : {}), ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}) });
  cleanups.push(() => server.close());
  return server;
}

function runContext(): RunContext {
  const ctx = new RunContext('remote-agent-test', 60_000);
  cleanups.push(() => ctx.unwind().then(() => {}));
  return ctx;
}

const connect = (ctx: RunContext, server: AgentServer, over: { toolVersion?: string; heartbeatMs?: number; tls?: AgentTls } = {}) =>
  connectLoadAgent(ctx, { host: '127.0.0.1', port: server.address.port, tls: over.tls ?? harnessTls, toolVersion: over.toolVersion ?? '1.0.0', where: 'a test agent on loopback', connectTimeoutMs: 5_000, ...(over.heartbeatMs ? { heartbeatMs: over.heartbeatMs } : {}) });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'meshtax-remote-agent-'));
  pki = await createRunPki({ dir: path.join(root, 'pki'), workloads: [{ name: 'load-agent', namespace: 'meshtax', serviceAccount: 'load-agent' }, { name: 'harness', namespace: 'meshtax', serviceAccount: 'meshtax-harness' }], foreignCa: true });
  const ca = await readFile(pki.caPath, 'utf8');
  const creds = async (name: string, peer: string): Promise<AgentTls> => {
    const w = workloadCert(pki, name);
    return { cert: await readFile(w.certPath, 'utf8'), key: await readFile(w.keyPath, 'utf8'), ca, peerId: workloadCert(pki, peer).spiffeId };
  };
  agentTls = await creds('load-agent', 'harness');
  harnessTls = await creds('harness', 'load-agent');
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the framing', () => {
  it('joins lines split across chunks and splits lines sharing one', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l), () => lines.push('TOO LONG'));
    feed('{"type":"pi');
    feed('ng"}\n{"type":"pong"}\n\n{"a"');
    feed(Buffer.from(':1}\n'));
    expect(lines).toEqual(['{"type":"ping"}', '{"type":"pong"}', '{"a":1}']);
  });

  it('refuses a line over the size limit instead of buffering it', () => {
    const events: string[] = [];
    const feed = lineSplitter((l) => events.push(l), () => events.push('TOO LONG'), 16);
    feed('x'.repeat(40));
    feed('ok\n');
    expect(events).toEqual(['TOO LONG', 'ok']);
  });
});

describe('a trial over mutual TLS', () => {
  it('runs the real open loop on the agent against a real HTTP server and returns a validated result', async () => {
    const app = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => app.close(() => r())));
    cleanups.push(() => app.closeAllConnections());
    const ctx = runContext();
    const loadAgent = await connect(ctx, await agent());
    const result = await loadAgent.run(spec({ url: `http://127.0.0.1:${(app.address() as AddressInfo).port}/` }));
    expect(result.completed).toBeGreaterThan(0);
    expect(result.errors).toBe(0);
    expect(result.latencyHistogram.length).toBeGreaterThan(0);
    expect(loadAgent.where).toBe('a test agent on loopback');
  });

  it('refuses an agent whose certificate names another SPIFFE id', async () => {
    const server = await agent();
    const wrongExpectation = { ...harnessTls, peerId: 'spiffe://cluster.local/ns/meshtax/sa/someone-else' };
    await expect(connect(runContext(), server, { tls: wrongExpectation })).rejects.toThrow(/names spiffe:\/\/cluster.local\/ns\/meshtax\/sa\/load-agent, want .*someone-else/);
  });

  it('the agent refuses a harness with a certificate from another CA', async () => {
    const server = await agent();
    const foreign = pki.foreign!.workload;
    const stranger = { ...harnessTls, cert: await readFile(foreign.certPath, 'utf8'), key: await readFile(foreign.keyPath, 'utf8') };
    await expect(connect(runContext(), server, { tls: stranger })).rejects.toBeInstanceOf(EnvironmentError);
  });
});

describe('the hello', () => {
  it('refuses an agent of another version with exit 3, naming both versions', async () => {
    const server = await agent({ toolVersion: '9.9.9' });
    const failure = await connect(runContext(), server, { toolVersion: '1.0.0' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).exitCode).toBe(3);
    expect((failure as Error).message).toMatch(/agent runs meshtax 9\.9\.9 .*harness meshtax 1\.0\.0/);
  });
});

describe('liveness', () => {
  it('the harness aborts the run when the agent goes silent (no heartbeat)', async () => {
    // A peer that says hello and then never answers anything: not the agent, so no stand-in is needed for it.
    const mute = tls.createServer({ cert: agentTls.cert, key: agentTls.key, ca: agentTls.ca, requestCert: true }, (socket) => {
      cleanups.push(() => void socket.destroy());
      socket.write(`${JSON.stringify(hello('agent', '1.0.0'))}\n`);
    });
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => mute.close(() => r())));
    const ctx = runContext();
    const loadAgent = await connectLoadAgent(ctx, { host: '127.0.0.1', port: (mute.address() as AddressInfo).port, tls: harnessTls, toolVersion: '1.0.0', where: 'a mute peer', heartbeatMs: 50 });
    const failure = await loadAgent.run(spec()).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ChildDiedError);
    expect((failure as Error).message).toMatch(/silent for \d+ ms \(no heartbeat\)/);
    expect(ctx.abortReason).toBeInstanceOf(ChildDiedError);
  });

  it('the agent stops a running trial when the harness\'s connection drops', async () => {
    const trial = untilAborted();
    const ctx = runContext();
    const loadAgent = await connect(ctx, await agent({ runTrial: trial.runTrial }));
    const running = loadAgent.run(spec({ durationS: 60 })).catch((e: unknown) => e);
    await trial.started;
    await ctx.unwind(); // the harness closes its end, as when it is killed
    await trial.aborted;
    expect(await running).toBeInstanceOf(ChildDiedError);
  });

  it('the agent stops a running trial when the harness goes silent', async () => {
    const trial = untilAborted();
    const server = await agent({ runTrial: trial.runTrial, heartbeatMs: 50 });
    // A harness that sends its hello and a trial, then never answers the agent's pings.
    const socket = tls.connect({ host: '127.0.0.1', port: server.address.port, cert: harnessTls.cert, key: harnessTls.key, ca: harnessTls.ca, checkServerIdentity: () => undefined });
    cleanups.push(() => void socket.destroy());
    await new Promise<void>((r) => socket.once('secureConnect', () => r()));
    socket.write(`${JSON.stringify(hello('harness', '1.0.0'))}\n${JSON.stringify({ type: 'trial', id: 1, spec: spec({ durationS: 60 }) })}\n`);
    await trial.started;
    await trial.aborted;
  });

  it('the agent stops a trial at its cap (duration + timeout + 5 s) whatever the harness does', async () => {
    const trial = untilAborted();
    const loadAgent = await connect(runContext(), await agent({ runTrial: trial.runTrial }));
    const failure = await loadAgent.run(spec({ durationS: 0.01, timeoutMs: 1 })).catch((e: unknown) => e);
    await trial.aborted;
    expect((failure as Error).message).toMatch(/ran past its cap of 5011 ms/);
  }, 15_000);
});
