import http from 'node:http';
import type { Socket } from 'node:net';
import type { Outcome, Requester, RequesterOptions } from './requester.js';

/** HTTP/1.1 over a keep-alive pool of `connections` sockets; every Nth request closes its socket when churn is asked for. */
export function httpRequester(opts: RequesterOptions): Requester {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections, maxFreeSockets: opts.connections });
  const target = new URL(opts.url);
  const seen = new WeakSet<Socket>();
  let opened = 0;
  let count = 0;
  return {
    send(onDone) {
      count += 1;
      const close = opts.newConnectionEvery > 0 && count % opts.newConnectionEvery === 0;
      let settled = false;
      const done = (o: Outcome) => {
        if (!settled) {
          settled = true;
          onDone(o);
        }
      };
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'GET', headers: close ? { connection: 'close' } : {} },
        (res) => {
          const version = res.headers['x-app-version'];
          res.on('data', () => {});
          res.on('end', () => {
            const code = res.statusCode ?? 0;
            done({ status: String(code), ok: code >= 200 && code < 300, timedOut: false, version: typeof version === 'string' ? version : undefined });
          });
          res.on('error', () => done({ status: 'reset', ok: false, timedOut: false, version: undefined }));
        },
      );
      req.on('socket', (socket) => {
        if (!seen.has(socket)) {
          seen.add(socket);
          opened += 1;
        }
      });
      req.setTimeout(opts.timeoutMs, () => {
        done({ status: 'timeout', ok: false, timedOut: true, version: undefined });
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) => done({ status: error.code ?? 'error', ok: false, timedOut: false, version: undefined }));
      req.end();
    },
    connectionsOpened: () => opened,
    close: async () => agent.destroy(),
  };
}
