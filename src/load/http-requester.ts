import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { HttpResponseParser } from './http-response-parser.js';
import { IdQueue } from './id-queue.js';
import { InternedStrings, type OnDone, type Requester, type RequesterOptions } from './requester.js';

const VERSION_HEADER = 'x-app-version';
/** One read buffer for every socket: `onread` hands it over synchronously, parsing finishes before the next read. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

interface Connection {
  readonly socket: net.Socket;
  readonly parser: HttpResponseParser;
  /** The request in flight on it, -1 when idle. */
  id: number;
  sentAtMs: number;
  /** Its request asked for `connection: close` (churn). */
  closesAfter: boolean;
  gone: boolean;
}

/**
 * HTTP/1.1 GET on raw sockets: at most `connections` keep-alive connections, one request in flight
 * on each (no pipelining), opened when every open one is busy; further requests wait in a queue
 * for the next free connection. Requests are encoded once; responses are parsed in place
 * (http-response-parser.ts). Every `newConnectionEvery`-th request says `connection: close`, and its
 * connection is closed once answered. Timeouts are checked by one timer, not one per request.
 */
export function httpRequester(opts: RequesterOptions, onDone: OnDone): Requester {
  const target = new URL(opts.url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  const head = `GET ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\nuser-agent: meshtax\r\n`;
  const keepAlive = Buffer.from(`${head}\r\n`, 'latin1');
  const closing = Buffer.from(`${head}connection: close\r\n\r\n`, 'latin1');
  const statuses = new InternedStrings();
  const connections: Connection[] = [];
  const idle: Connection[] = [];
  const waiting = new IdQueue();
  let opened = 0;
  let sentCount = 0;
  let closed = false;

  const dispatch = (c: Connection, id: number) => {
    sentCount += 1;
    c.id = id;
    c.closesAfter = opts.newConnectionEvery > 0 && sentCount % opts.newConnectionEvery === 0;
    c.sentAtMs = performance.now();
    c.socket.write(c.closesAfter ? closing : keepAlive);
  };

  /** A connection is free: it takes the next waiting request, or rests. */
  const release = (c: Connection) => {
    if (waiting.length > 0) dispatch(c, waiting.shift());
    else idle.push(c);
  };

  const settle = (c: Connection, status: string, ok: boolean, timedOut: boolean, version: string | undefined) => {
    const id = c.id;
    c.id = -1;
    onDone(id, status, ok, timedOut, version);
  };

  const drop = (c: Connection, status: string, timedOut: boolean) => {
    if (c.gone) return;
    c.gone = true;
    if (c.id >= 0) settle(c, status, false, timedOut, undefined);
    c.socket.destroy();
    remove(connections, c);
    remove(idle, c);
    if (!closed && waiting.length > 0) dispatch(open(), waiting.shift());
  };

  const open = (): Connection => {
    opened += 1;
    const c: Connection = {
      socket: undefined as unknown as net.Socket,
      parser: new HttpResponseParser(VERSION_HEADER, () => {
        const { status, version, serverCloses } = c.parser;
        settle(c, statuses.of(status), status >= 200 && status < 300, false, version);
        if (c.closesAfter || serverCloses) drop(c, 'closed', false);
        else release(c);
      }),
      id: -1,
      sentAtMs: 0,
      closesAfter: false,
      gone: false,
    };
    const onRead = (n: number, buf: Buffer): boolean => {
      if (c.gone) return false;
      try {
        c.parser.feed(buf, 0, n);
      } catch {
        drop(c, 'bad-response', false);
      }
      return true;
    };
    (c as { socket: net.Socket }).socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: onRead } });
    c.socket.on('error', (error: NodeJS.ErrnoException) => drop(c, statuses.of(error.code ?? 'error'), false));
    c.socket.on('close', () => {
      if (!c.gone && c.id >= 0 && c.parser.end()) return; // the body ran until close; `onResponse` dropped it
      drop(c, 'reset', false);
    });
    connections.push(c);
    return c;
  };

  const timeouts = setInterval(
    () => {
      const now = performance.now();
      for (const c of [...connections]) if (c.id >= 0 && now - c.sentAtMs > opts.timeoutMs) drop(c, 'timeout', true);
    },
    Math.max(10, Math.min(100, opts.timeoutMs / 4)),
  );
  timeouts.unref();

  return {
    send(id) {
      const free = idle.pop();
      if (free !== undefined) dispatch(free, id);
      else if (connections.length < opts.connections) dispatch(open(), id);
      else waiting.push(id);
    },
    connectionsOpened: () => opened,
    waiting: () => waiting.length,
    close: async () => {
      closed = true;
      clearInterval(timeouts);
      for (const c of [...connections]) {
        c.gone = true;
        c.socket.destroy();
      }
      connections.length = 0;
      idle.length = 0;
    },
  };
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
