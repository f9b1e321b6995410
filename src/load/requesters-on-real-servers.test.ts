/**
 * The lean requesters against real servers on loopback: Node's own HTTP server, a grpc-js server
 * (so the hand-framed gRPC is checked against the library the app uses), and node:http2 servers
 * that misbehave on purpose (resets, cut connections, headers split over CONTINUATION frames).
 */
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSampleProto } from '../app/index.js';
import { grpcRequester } from './grpc-requester.js';
import { httpRequester } from './http-requester.js';
import type { OnDone, Requester, RequesterOptions } from './requester.js';

interface Done {
  id: number;
  status: string;
  ok: boolean;
  timedOut: boolean;
  version: string | undefined;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function httpServer(handler: http.RequestListener): Promise<{ url: string; sockets: () => number }> {
  const server = http.createServer({ keepAlive: true }, handler);
  let sockets = 0;
  server.on('connection', () => (sockets += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  cleanups.push(() => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo?x=1`, sockets: () => sockets };
}

/** Sends `count` requests at once and waits for all their outcomes. */
async function sendAll(make: (onDone: OnDone) => Requester, count: number): Promise<{ done: Done[]; requester: Requester }> {
  const done: Done[] = [];
  let requester!: Requester;
  await new Promise<void>((resolve) => {
    requester = make((id, status, ok, timedOut, version) => {
      done.push({ id, status, ok, timedOut, version });
      if (done.length === count) resolve();
    });
    for (let id = 0; id < count; id++) requester.send(id);
  });
  cleanups.push(() => requester.close());
  return { done, requester };
}

const options = (url: string, more: Partial<RequesterOptions> = {}): RequesterOptions => ({ url, connections: 4, newConnectionEvery: 0, timeoutMs: 2000, ...more });

describe('the HTTP/1.1 requester', () => {
  it('answers every request once, with status and app version, on at most `connections` sockets', async () => {
    const server = await httpServer((req, res) => {
      const code = req.url === '/echo?x=1' ? 200 : 404;
      res.writeHead(code, { 'x-app-version': 'v2', 'content-length': '5' }).end('hello');
    });
    const { done, requester } = await sendAll((d) => httpRequester(options(server.url), d), 50);
    expect(done.map((d) => d.id).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(done.every((d) => d.status === '200' && d.ok && d.version === 'v2')).toBe(true);
    expect(requester.connectionsOpened()).toBe(4);
    expect(server.sockets()).toBe(4);
  });

  it('reads chunked bodies and counts non-2xx as not ok', async () => {
    const server = await httpServer((_req, res) => {
      res.writeHead(503, { 'x-app-version': 'v1' });
      res.write('part one ');
      res.end('part two');
    });
    const { done } = await sendAll((d) => httpRequester(options(server.url), d), 10);
    expect(done.every((d) => d.status === '503' && !d.ok && d.version === 'v1')).toBe(true);
  });

  it('opens a new connection after every Nth request when churn is asked for', async () => {
    const server = await httpServer((_req, res) => res.writeHead(200, { 'content-length': '0' }).end());
    const { done, requester } = await sendAll((d) => httpRequester(options(server.url, { connections: 2, newConnectionEvery: 5 }), d), 40);
    expect(done.every((d) => d.ok)).toBe(true);
    expect(requester.connectionsOpened()).toBeGreaterThanOrEqual(8);
  });

  it('reports a request the server never answers as timed out', async () => {
    const server = await httpServer(() => {});
    const { done } = await sendAll((d) => httpRequester(options(server.url, { timeoutMs: 100 }), d), 3);
    expect(done.every((d) => d.status === 'timeout' && d.timedOut && !d.ok)).toBe(true);
  });

  it('reports a refused connection as an error', async () => {
    const { done } = await sendAll((d) => httpRequester(options('http://127.0.0.1:1/'), d), 2);
    expect(done.map((d) => d.status)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});

describe('the gRPC requester', () => {
  it('calls Echo on a grpc-js server and reads status and version', async () => {
    const { service } = loadSampleProto();
    const server = new grpc.Server();
    let calls = 0;
    server.addService(service, { Echo: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => (++calls % 5 === 0 ? callback({ code: grpc.status.UNAVAILABLE }) : callback(null, { version: 'v2', message: '', payload: Buffer.alloc(100) })) });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    cleanups.push(() => void server.forceShutdown());
    const { done, requester } = await sendAll((d) => grpcRequester(options(`http://127.0.0.1:${port}/`, { connections: 2, newConnectionEvery: 10 }), d), 40);
    expect(done.filter((d) => d.ok && d.status === 'OK' && d.version === 'v2')).toHaveLength(32);
    expect(done.filter((d) => !d.ok && d.status === 'UNAVAILABLE')).toHaveLength(8);
    expect(requester.connectionsOpened()).toBeGreaterThanOrEqual(4);
  });

  async function grpcServer(echo: (call: unknown, callback: grpc.sendUnaryData<unknown>) => void): Promise<string> {
    const { service } = loadSampleProto();
    const server = new grpc.Server();
    server.addService(service, { Echo: echo });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    cleanups.push(() => void server.forceShutdown());
    return `http://127.0.0.1:${port}/`;
  }

  async function h2Server(onStream: (stream: http2.ServerHttp2Stream) => void): Promise<string> {
    const server = http2.createServer();
    server.on('stream', (stream) => {
      stream.on('error', () => {});
      onStream(stream);
    });
    const sessions = new Set<http2.ServerHttp2Session>();
    server.on('session', (session) => sessions.add(session));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    cleanups.push(() => sessions.forEach((session) => session.destroy()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }

  it('reads a reply spread over many frames and reads (256 KiB payload)', async () => {
    const url = await grpcServer((_call, callback) => callback(null, { version: 'v3', message: '', payload: Buffer.alloc(256 * 1024, 7) }));
    const { done } = await sendAll((d) => grpcRequester(options(url), d), 30);
    expect(done.filter((d) => d.ok && d.version === 'v3')).toHaveLength(30);
  });

  it('reports a call the server never answers as DEADLINE_EXCEEDED, timed out', async () => {
    const url = await grpcServer(() => {});
    const { done } = await sendAll((d) => grpcRequester(options(url, { timeoutMs: 150 }), d), 4);
    expect(done.every((d) => d.status === 'DEADLINE_EXCEEDED' && d.timedOut && !d.ok)).toBe(true);
  });

  it('reads headers split over CONTINUATION frames, and counts a reply without grpc-status as failed', async () => {
    let calls = 0;
    const url = await h2Server((stream) => {
      const big = ++calls % 2 === 0;
      // Big headers with trailers; or a reply whose DATA ends the stream with no trailers at all.
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', ...(big ? { 'x-filler': 'f'.repeat(40_000) } : {}) }, { waitForTrailers: big });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(Buffer.from([0, 0, 0, 0, 4, 0x0a, 2, 0x76, 0x39]));
    });
    const { done } = await sendAll((d) => grpcRequester(options(url), d), 20);
    expect(done.filter((d) => d.ok && d.status === 'OK' && d.version === 'v9')).toHaveLength(10);
    expect(done.filter((d) => !d.ok && d.status === 'http-200')).toHaveLength(10);
  });

  it('counts reset streams and a cut connection as failures, each call once', async () => {
    let calls = 0;
    const url = await h2Server((stream) => {
      calls += 1;
      if (calls === 12) stream.session?.destroy();
      else stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    });
    const { done } = await sendAll((d) => grpcRequester(options(url, { connections: 1 }), d), 20);
    expect(done.map((d) => d.id).sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
    expect(done.every((d) => !d.ok)).toBe(true);
    expect(done.filter((d) => d.status === 'reset').length).toBeGreaterThanOrEqual(11);
  });

  it('moves to a new session after the server says GOAWAY', async () => {
    let calls = 0;
    const url = await h2Server((stream) => {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '0' }, { endStream: true });
      if (++calls === 3) stream.session?.goaway(0, stream.id);
    });
    const done: Done[] = [];
    const requester = grpcRequester(options(url, { connections: 1 }), (id, status, ok, timedOut, version) => done.push({ id, status, ok, timedOut, version }));
    cleanups.push(() => requester.close());
    for (let id = 0; id < 6; id++) {
      requester.send(id);
      for (let i = 0; i < 400 && done.length <= id; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(done.map((d) => d.status)).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
    expect(requester.connectionsOpened()).toBe(2);
  });

  it('reports a refused connection as an error', async () => {
    const { done } = await sendAll((d) => grpcRequester(options('http://127.0.0.1:1/', { connections: 1 }), d), 2);
    expect(done.map((d) => d.status)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });
});
