import { performance } from 'node:perf_hooks';
import * as f from './h2-frames.js';
import { H2UnarySession, VersionNames, type OnCallEnd, type RequestFrames } from './h2-session.js';
import { encodeHeaderBlock } from './hpack-lite.js';
import { InternedStrings, type OnDone, type Requester, type RequesterOptions } from './requester.js';

/** gRPC status codes by number, named as grpc-js names them. */
const GRPC_STATUS = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const DEADLINE_EXCEEDED = 4;
const ECHO_PATH = '/sample.Sample/Echo';
/** An EchoRequest with no fields set is zero protobuf bytes: the message is just gRPC's 5-byte prefix (uncompressed, length 0). */
const EMPTY_ECHO_MESSAGE = Buffer.alloc(5);
/** HPACK static table indices (RFC 7541 Appendix A). */
const METHOD_POST = 3;
const SCHEME_HTTP = 6;
const AUTHORITY = 1;
const PATH = 4;
const CONTENT_TYPE = 31;
const USER_AGENT = 58;

/** HEADERS (END_HEADERS) then DATA (END_STREAM) of one Echo call, stream id 0 until sent. */
export function echoRequestFrames(authority: string, timeoutMs: number): RequestFrames {
  const block = encodeHeaderBlock([
    { indexed: METHOD_POST },
    { indexed: SCHEME_HTTP },
    { nameIndex: PATH, value: ECHO_PATH },
    { nameIndex: AUTHORITY, value: authority },
    { nameIndex: CONTENT_TYPE, value: 'application/grpc' },
    { name: 'te', value: 'trailers' },
    { name: 'grpc-timeout', value: `${timeoutMs}m` },
    { nameIndex: USER_AGENT, value: 'meshtax' },
  ]);
  const headers = f.frame(f.HEADERS, f.END_HEADERS, 0, block);
  return { bytes: Buffer.concat([headers, f.frame(f.DATA, f.END_STREAM, 0, EMPTY_ECHO_MESSAGE)]), dataFrameAt: headers.length, dataBytes: EMPTY_ECHO_MESSAGE.length };
}

/**
 * gRPC unary Echo on HTTP/2 without a gRPC or HTTP/2 library on the hot path (h2-session.ts):
 * `connections` sessions used round-robin, the request frames encoded once, the reply read only as
 * far as its `version` field, the status from `grpc-status` (trailers, or the headers of a
 * trailers-only reply). node:http2 cost ~17 KB of garbage per call here (its stream objects), and
 * the agent's scavenges were the schedule lag. Churn: a session is replaced after
 * `newConnectionEvery` calls on it (and closed once its calls are answered). Timeouts are checked
 * by one timer.
 */
export function grpcRequester(opts: RequesterOptions, onDone: OnDone): Requester {
  const target = new URL(opts.url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const port = Number(target.port || 80);
  const frames = echoRequestFrames(target.host, opts.timeoutMs);
  const versions = new VersionNames();
  const strings = new InternedStrings();

  const onEnd: OnCallEnd = (id, httpStatus, grpcStatus, version, failure, timedOut) => {
    if (failure !== undefined) onDone(id, failure, false, timedOut, undefined);
    else if (grpcStatus >= 0) onDone(id, GRPC_STATUS[grpcStatus] ?? strings.of(grpcStatus), grpcStatus === 0, grpcStatus === DEADLINE_EXCEEDED, grpcStatus === 0 ? version : undefined);
    else onDone(id, httpStatus > 0 ? strings.of(`http-${httpStatus}`) : 'reset', false, false, undefined);
  };

  let opened = 0;
  const open = (): H2UnarySession => {
    opened += 1;
    return new H2UnarySession(host, port, frames, versions, onEnd);
  };
  const sessions = Array.from({ length: opts.connections }, open);
  /** Replaced sessions still answering their calls. */
  let retired: H2UnarySession[] = [];
  let count = 0;

  const timeouts = setInterval(
    () => {
      const now = performance.now();
      for (const s of sessions) s.expire(now, opts.timeoutMs);
      for (const s of retired) s.expire(now, opts.timeoutMs);
    },
    Math.max(10, Math.min(100, opts.timeoutMs / 4)),
  );
  timeouts.unref();

  return {
    ready: async () => {
      await Promise.all(sessions.map((s) => within(s.ready(), opts.timeoutMs)));
    },
    send(id) {
      const index = count++ % sessions.length;
      let s = sessions[index]!;
      if (s.gone || s.retired || (opts.newConnectionEvery > 0 && s.calls >= opts.newConnectionEvery)) {
        s.retire();
        retired = retired.filter((r) => !r.gone);
        if (!s.gone) retired.push(s);
        s = sessions[index] = open();
      }
      s.send(id);
    },
    connectionsOpened: () => opened,
    waiting: () => sessions.reduce((n, s) => n + s.waitingCount(), 0) + retired.reduce((n, s) => n + s.waitingCount(), 0),
    close: async () => {
      clearInterval(timeouts);
      for (const s of sessions) s.destroy();
      for (const s of retired) s.destroy();
    },
  };
}

/** Resolves when `promise` does or after `timeoutMs`. */
function within(promise: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]).finally(() => clearTimeout(timer));
}
