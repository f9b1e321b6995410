// The app as a real process: HTTP and gRPC answers, CPU work, keep-alive.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleClient } from './index.js';
import { startApp, type StartedApp } from './testing/app-process.js';

let v1: StartedApp;
let v2: StartedApp;

beforeAll(async () => {
  [v1, v2] = await Promise.all([
    startApp({ version: 'v1', payloadBytes: 1024 }),
    startApp({ version: 'v2', payloadBytes: 100, cpuWorkUs: 20_000, grpcPort: null }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([v1?.stop(), v2?.stop()]);
});

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly elapsedUs: number;
  readonly reusedSocket: boolean;
}

function get(port: number, path: string, agent?: http.Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path, agent: agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          elapsedUs: Number(process.hrtime.bigint() - start) / 1000,
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on('error', reject);
  });
}

/** The scheduler state of a process's main thread (R running/runnable, S sleeping, …), from /proc/<pid>/stat. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

describe('app process', () => {
  it('reports its ports and its own pid', () => {
    expect(v1.ready.version).toBe('v1');
    expect(v1.ready.pid).toBe(v1.subprocess.pid);
    expect(v1.ready.grpcPort).toBeGreaterThan(0);
    expect(v2.ready.grpcPort).toBeNull();
  });

  it('answers every request with 200, the version header and exactly the payload size', async () => {
    for (const path of ['/', '/api/items?x=1', '/anything/else']) {
      const reply = await get(v1.ready.httpPort, path);
      expect(reply.status).toBe(200);
      expect(reply.headers['x-app-version']).toBe('v1');
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.body.length).toBe(1024);
      expect(reply.body.toString().startsWith('{"version":"v1"')).toBe(true);
    }
    const v2Reply = await get(v2.ready.httpPort, '/?cpuUs=0');
    expect(v2Reply.headers['x-app-version']).toBe('v2');
    expect(v2Reply.body.length).toBe(100);
  });

  it('answers /healthz with ok', async () => {
    const reply = await get(v1.ready.httpPort, '/healthz');
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe('ok');
  });

  it('keeps connections alive, with a long keep-alive timeout', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(v1.ready.httpPort, '/', agent);
      const second = await get(v1.ready.httpPort, '/', agent);
      expect(first.headers['keep-alive']).toBe('timeout=65');
      expect(second.reusedSocket).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('spends the CPU work per request: --cpu-work-us by default, ?cpuUs= to override', async () => {
    const byDefault = await get(v2.ready.httpPort, '/');
    expect(byDefault.elapsedUs).toBeGreaterThanOrEqual(20_000);
    const overridden = await get(v1.ready.httpPort, '/?cpuUs=30000');
    expect(overridden.elapsedUs).toBeGreaterThanOrEqual(30_000);
    expect((await get(v1.ready.httpPort, '/?cpuUs=-5')).status).toBe(400);
  });

  it('burns CPU while it works, not just time: runnable throughout, never asleep', async () => {
    // Counting CPU seconds fails on a saturated machine (the spin gets a small share); a spinning
    // process is runnable ('R', running or waiting for a CPU) whatever its share, a sleeping one is 'S'.
    const states: string[] = [];
    let done = false;
    const request = get(v1.ready.httpPort, '/?cpuUs=300000').finally(() => (done = true));
    await sleep(30);
    while (!done) {
      states.push(processState(v1.ready.pid));
      await sleep(20);
    }
    await request;
    expect(states.length).toBeGreaterThan(3);
    expect(states.filter((s) => s === 'R').length / states.length, states.join('')).toBeGreaterThan(0.8);
  });

  it('answers gRPC Echo with its version, the message and the payload', async () => {
    const client = createSampleClient(`127.0.0.1:${String(v1.ready.grpcPort)}`);
    try {
      const reply = await client.echo({ message: 'hello' }, { deadlineMs: 5000 });
      expect(reply.version).toBe('v1');
      expect(reply.message).toBe('hello');
      expect(reply.payload.length).toBe(1024);
      const start = process.hrtime.bigint();
      await client.echo({ cpuUs: 20_000 }, { deadlineMs: 5000 });
      expect(Number(process.hrtime.bigint() - start) / 1000).toBeGreaterThanOrEqual(20_000);
    } finally {
      client.close();
    }
  });
});
