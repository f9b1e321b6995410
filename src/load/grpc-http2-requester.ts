import http2 from 'node:http2';
import { InternedStrings, type OnDone, type Requester, type RequesterOptions } from './requester.js';

/** gRPC status codes by number, named as grpc-js names them. */
const GRPC_STATUS = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const DEADLINE_EXCEEDED = 4;
const ECHO_PATH = '/sample.Sample/Echo';
/** An EchoRequest with no fields set is zero protobuf bytes: the message is just gRPC's 5-byte prefix (uncompressed, length 0). */
const EMPTY_ECHO_FRAME = Buffer.alloc(5);
/** EchoReply field 1 (`version`, length-delimited): tag byte. */
const VERSION_TAG = 0x0a;

interface Session {
  readonly session: http2.ClientHttp2Session;
  calls: number;
  inFlight: number;
  retired: boolean;
}

/**
 * gRPC unary Echo on node:http2 directly, no gRPC library on the hot path: `connections` HTTP/2
 * sessions used round-robin, the request message encoded once, the reply read only as far as its
 * `version` field, the status taken from `grpc-status` (trailers, or the headers of a
 * trailers-only reply). Churn: a session is replaced after `newConnectionEvery` calls on it (and
 * closed once its calls are answered).
 */
export function grpcHttp2Requester(opts: RequesterOptions, onDone: OnDone): Requester {
  const authority = new URL(opts.url).origin;
  const headers = {
    ':method': 'POST',
    ':path': ECHO_PATH,
    'content-type': 'application/grpc',
    te: 'trailers',
    'grpc-timeout': `${opts.timeoutMs}m`,
  };
  const strings = new InternedStrings();
  const versions = new InternedStrings();
  let opened = 0;
  const open = (): Session => {
    opened += 1;
    const session = http2.connect(authority);
    session.on('error', () => {}); // each stream reports its own failure
    return { session, calls: 0, inFlight: 0, retired: false };
  };
  const sessions = Array.from({ length: opts.connections }, open);
  const retiredOpen = new Set<Session>();
  let count = 0;

  const call = (s: Session, id: number) => {
    s.calls += 1;
    s.inFlight += 1;
    let settled = false;
    let grpcStatus = -1;
    let httpStatus = 0;
    let version: string | undefined;
    const settle = (status: string, ok: boolean, timedOut: boolean) => {
      if (settled) return;
      settled = true;
      // A retired session closes when its last call is answered: closing earlier would refuse calls not yet started.
      if (--s.inFlight === 0 && s.retired) {
        s.session.close();
        retiredOpen.delete(s);
      }
      onDone(id, status, ok, timedOut, ok ? version : undefined);
    };
    const stream = s.session.request(headers, { endStream: false });
    stream.on('response', (h) => {
      httpStatus = Number(h[':status']);
      if (h['grpc-status'] !== undefined) grpcStatus = Number(h['grpc-status']);
    });
    stream.on('data', (chunk: Buffer) => {
      if (version === undefined && chunk.length > 6 && chunk[5] === VERSION_TAG) {
        const length = chunk[6]!;
        if (length < 0x80 && chunk.length >= 7 + length) version = versions.of(chunk.toString('latin1', 7, 7 + length));
      }
    });
    stream.on('trailers', (t) => {
      if (t['grpc-status'] !== undefined) grpcStatus = Number(t['grpc-status']);
    });
    stream.on('error', (error: NodeJS.ErrnoException) => settle(strings.of(error.code ?? 'error'), false, false));
    stream.on('close', () => {
      if (grpcStatus >= 0) settle(strings.of(GRPC_STATUS[grpcStatus] ?? grpcStatus), grpcStatus === 0, grpcStatus === DEADLINE_EXCEEDED);
      else settle(strings.of(httpStatus > 0 ? `http-${httpStatus}` : 'reset'), false, false);
    });
    stream.setTimeout(opts.timeoutMs, () => {
      settle('DEADLINE_EXCEEDED', false, true);
      stream.close(http2.constants.NGHTTP2_CANCEL);
    });
    stream.end(EMPTY_ECHO_FRAME);
  };

  return {
    ready: async () => {
      await Promise.all(sessions.map((s) => settled(s.session, opts.timeoutMs)));
    },
    send(id) {
      const index = count++ % sessions.length;
      let s = sessions[index]!;
      if (s.session.destroyed || s.session.closed || (opts.newConnectionEvery > 0 && s.calls >= opts.newConnectionEvery)) {
        s.retired = true;
        if (s.inFlight === 0) s.session.close();
        else retiredOpen.add(s);
        s = sessions[index] = open();
      }
      call(s, id);
    },
    connectionsOpened: () => opened,
    waiting: () => 0,
    close: async () => {
      for (const s of sessions) s.session.destroy();
      for (const s of retiredOpen) s.session.destroy();
    },
  };
}

/** Resolves once the session connected, failed or closed, or after `timeoutMs`: a session that failed shows in its calls' statuses. */
function settled(session: http2.ClientHttp2Session, timeoutMs: number): Promise<void> {
  if (!session.connecting) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      session.off('connect', done).off('error', done).off('close', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    session.once('connect', done).once('error', done).once('close', done);
  });
}
