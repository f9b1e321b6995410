/** The app's HTTP/1.1 server: every request gets the prebuilt payload after the configured CPU work. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spinUs } from './cpu-work.js';
import { MAX_CPU_WORK_US, type AppOptions } from './options.js';
import type { Payload } from './payload.js';

/** Longer than any load generator's or Envoy's idle timeout, so the app never closes a pooled connection first. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Must exceed the keep-alive timeout (Node's rule, else idle sockets race the header timer). */
export const HEADERS_TIMEOUT_MS = 66_000;

export interface HttpAppConfig {
  readonly version: string;
  readonly cpuWorkUs: number;
  readonly payload: Payload;
}

/** `?cpuUs=N` as a number, `undefined` when absent, or an error message. */
function cpuUsFromQuery(url: string): number | undefined | string {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const raw = new URLSearchParams(url.slice(q + 1)).get('cpuUs');
  if (raw === null) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n <= MAX_CPU_WORK_US ? n : `cpuUs must be an integer from 0 to ${MAX_CPU_WORK_US}, got "${raw}"\n`;
}

/** The request handler, apart from the server so it can be reasoned about alone. */
export function createHandler(config: HttpAppConfig): http.RequestListener {
  const okHeaders = {
    'content-type': config.payload.contentType,
    'content-length': String(config.payload.body.length),
    'x-app-version': config.version,
  };
  const healthHeaders = { 'content-type': 'text/plain', 'content-length': '2', 'x-app-version': config.version };

  return (req, res) => {
    const url = req.url ?? '/';
    if (url === '/healthz' || url.startsWith('/healthz?')) {
      res.writeHead(200, healthHeaders).end('ok');
      return;
    }
    const override = cpuUsFromQuery(url);
    if (typeof override === 'string') {
      res.writeHead(400, { 'content-type': 'text/plain', 'x-app-version': config.version }).end(override);
      return;
    }
    const respond = (): void => {
      spinUs(override ?? config.cpuWorkUs);
      res.writeHead(200, okHeaders).end(config.payload.body);
    };
    // A request with a body is answered once the body is read, as a real API would; one without
    // is answered at once (waiting for 'end' would add an event-loop turn to every request).
    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    if (hasBody) {
      req.on('end', respond);
      req.resume();
    } else {
      respond();
    }
  };
}

/** Starts the HTTP/1.1 server on `host:port` (port 0 = any) and resolves once it listens. */
export function startHttpServer(options: Pick<AppOptions, 'host' | 'httpPort'>, config: HttpAppConfig): Promise<http.Server> {
  const server = http.createServer({ noDelay: true, keepAlive: true }, createHandler(config));
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.maxRequestsPerSocket = 0;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.httpPort, options.host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function listeningPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
