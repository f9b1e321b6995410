/**
 * The load agent's gRPC sender (HTTP/2 frames on a raw socket) through a real Envoy in front of the
 * real sample app: grpc-status 0 counts as ok with the app's version; a non-zero grpc-status
 * (Envoy's fault filter, Envoy's answer for an upstream that hangs up) and a reply that ends
 * without one (an upstream that resets mid-reply) count as failures, each call reported exactly
 * once. (node:http2's sender reports the last case the same way; a stream reset the client sees
 * itself is tested on loopback, requesters-on-real-servers.test.ts.)
 */
import http2 from 'node:http2';
import { mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type StartedApp } from '../src/app/testing/app-process.js';
import { grpcRequester } from '../src/load/grpc-requester.js';
import type { OnDone, Requester } from '../src/load/requester.js';
import { RunContext } from '../src/process/run-context.js';
import { admin, protocolOptions, socketAddress } from '../src/sidecar/bootstrap.js';
import { findEnvoy, startEnvoy } from '../src/sidecar/index.js';
import { TYPE } from '../src/sidecar/type-urls.js';

const envoy = await findEnvoy();
const LOCAL = '127.0.0.1';

interface Outcome {
  status: string;
  ok: boolean;
  version: string | undefined;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, LOCAL, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `count` calls, 20 at a time, through `port`; every outcome by request id. */
async function call(port: number, count: number): Promise<Map<number, Outcome>> {
  const outcomes = new Map<number, Outcome>();
  let reported = 0;
  let requester!: Requester;
  const onDone: OnDone = (id, status, ok, _timedOut, version) => {
    expect(outcomes.has(id), `call ${id} reported twice`).toBe(false);
    outcomes.set(id, { status, ok, version });
    reported += 1;
  };
  requester = grpcRequester({ url: `http://${LOCAL}:${port}/`, connections: 2, newConnectionEvery: 0, timeoutMs: 5000 }, onDone);
  await requester.ready?.();
  for (let id = 0; id < count; id++) {
    requester.send(id);
    if (id % 20 === 19) while (reported <= id - 10) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const deadline = Date.now() + 20_000;
  while (reported < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await requester.close();
  return outcomes;
}

const count = (outcomes: Map<number, Outcome>, pick: (o: Outcome) => boolean) => [...outcomes.values()].filter(pick).length;

describe.skipIf(!envoy)(`gRPC sender through Envoy to the sample app${envoy ? '' : ' (skipped: no Envoy; run npm run setup)'}`, () => {
  const ctx = new RunContext('grpc-sender-test', 120_000);
  let app: StartedApp;
  let dir: string;
  const ports = { ok: 0, abort: 0, hangUp: 0, reset: 0 };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mtx-grpc-'));
    app = await startApp({ grpcPort: 0, httpPort: 0, version: 'v7', payloadBytes: 1024 });
    // An upstream that accepts and hangs up at once, and one that starts a reply and resets its stream.
    const hangUp = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, LOCAL, resolve));
    const resetting = http2.createServer();
    resetting.on('stream', (stream) => {
      stream.on('error', () => {});
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
      stream.write(Buffer.alloc(5));
      setTimeout(() => stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR), 5);
    });
    await new Promise<void>((resolve) => resetting.listen(0, LOCAL, resolve));
    ctx.defer('upstreams', async () => {
      hangUp.close();
      resetting.close();
    });
    for (const name of Object.keys(ports) as Array<keyof typeof ports>) ports[name] = await freePort();
    const upstreams = { app: app.ready.grpcPort!, hangUp: (hangUp.address() as AddressInfo).port, reset: (resetting.address() as AddressInfo).port };
    const listener = (name: string, port: number, cluster: string, abortPercent = 0) => ({
      name,
      address: socketAddress({ address: LOCAL, port }),
      filter_chains: [
        {
          filters: [
            {
              name: 'envoy.filters.network.http_connection_manager',
              typed_config: {
                '@type': TYPE.hcm,
                stat_prefix: name,
                codec_type: 'HTTP2',
                route_config: { virtual_hosts: [{ name, domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster, timeout: '5s' } }] }] },
                http_filters: [
                  ...(abortPercent > 0 ? [{ name: 'envoy.filters.http.fault', typed_config: { '@type': TYPE.fault, abort: { grpc_status: 14, percentage: { numerator: abortPercent, denominator: 'HUNDRED' } } } }] : []),
                  { name: 'envoy.filters.http.router', typed_config: { '@type': TYPE.router } },
                ],
              },
            },
          ],
        },
      ],
    });
    const cluster = (name: string, port: number) => ({
      name,
      type: 'STATIC',
      connect_timeout: '1s',
      load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: socketAddress({ address: LOCAL, port }) } }] }] },
      typed_extension_protocol_options: protocolOptions('grpc'),
    });
    await startEnvoy(ctx, {
      binary: envoy!.path,
      name: 'front',
      dir,
      bootstrap: (adminSocket) => ({
        admin: admin(adminSocket),
        static_resources: {
          listeners: [listener('ok', ports.ok, 'app'), listener('abort', ports.abort, 'app', 50), listener('hang-up', ports.hangUp, 'hang-up'), listener('reset', ports.reset, 'reset')],
          clusters: [cluster('app', upstreams.app), cluster('hang-up', upstreams.hangUp), cluster('reset', upstreams.reset)],
        },
      }),
    });
  }, 60_000);

  afterAll(async () => {
    await ctx.unwind();
    await app?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts grpc-status 0 as ok, with the version that answered', async () => {
    const outcomes = await call(ports.ok, 200);
    expect(outcomes.size).toBe(200);
    expect(count(outcomes, (o) => o.ok && o.status === 'OK' && o.version === 'v7')).toBe(200);
  });

  it("counts Envoy's grpc-status 14 (fault abort, trailers-only) as failures and the rest as ok", async () => {
    const outcomes = await call(ports.abort, 200);
    expect(outcomes.size).toBe(200);
    const failed = count(outcomes, (o) => !o.ok && o.status === 'UNAVAILABLE' && o.version === undefined);
    expect(failed + count(outcomes, (o) => o.ok && o.status === 'OK')).toBe(200);
    expect(failed).toBeGreaterThan(40);
    expect(failed).toBeLessThan(160);
  });

  it('counts an upstream that hangs up as failures (Envoy answers UNAVAILABLE)', async () => {
    const outcomes = await call(ports.hangUp, 40);
    expect(outcomes.size).toBe(40);
    expect(count(outcomes, (o) => !o.ok && o.status === 'UNAVAILABLE')).toBe(40);
  });

  it('counts a reply cut off by an upstream reset as a failure (Envoy ends it without a grpc-status)', async () => {
    const outcomes = await call(ports.reset, 40);
    expect(outcomes.size).toBe(40);
    expect(count(outcomes, (o) => o.ok)).toBe(0);
    expect([...new Set([...outcomes.values()].map((o) => o.status))]).toEqual(['http-200']);
  });
});
