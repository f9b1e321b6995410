/**
 * A small Zipkin-compatible trace collector (`POST /api/v2/spans`, JSON v2, as Envoy's Zipkin
 * tracer sends): it counts what it received and answers `GET /counts` with
 * `{"spans":N,"posts":M,"rejected":R}`. Run as its own process on a node, like a Zipkin pod.
 *
 *   node --import tsx zipkin-collector.ts --host <address> --port <port>
 *
 * Prints `ZIPKIN_READY {"port":N}` once it listens.
 */
import http from 'node:http';
import { parseArgs } from 'node:util';

const ZIPKIN_READY_PREFIX = 'ZIPKIN_READY ';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const counts = { spans: 0, posts: 0, rejected: 0 };

function receive(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  req.on('end', () => {
    try {
      if (size > MAX_BODY_BYTES) throw new Error('too large');
      const spans: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!Array.isArray(spans)) throw new Error('not a list of spans');
      counts.spans += spans.length;
      counts.posts += 1;
      res.writeHead(202).end();
    } catch {
      counts.rejected += 1;
      res.writeHead(400).end();
    }
  });
}

function main(): void {
  const { values } = parseArgs({ options: { host: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/api/v2/spans') return receive(req, res);
    if (req.method === 'GET' && req.url === '/counts') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(counts));
    res.writeHead(404).end();
  });
  server.on('error', (error) => {
    process.stderr.write(`zipkin collector: ${error.message}\n`);
    process.exit(3);
  });
  server.listen(Number(values.port ?? 0), values.host ?? '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`${ZIPKIN_READY_PREFIX}${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
