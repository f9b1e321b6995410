import net from 'node:net';
import { performance } from 'node:perf_hooks';
import * as f from './h2-frames.js';
import { HeaderScan, scanHeaderBlock } from './hpack-lite.js';
import { IdQueue } from './id-queue.js';

/**
 * How a call ended: the HTTP and gRPC status its headers carried (-1: none), the `version` its reply
 * named, or a `failure` (the stream or connection reset, a timeout) that ended it first.
 */
export type OnCallEnd = (id: number, httpStatus: number, grpcStatus: number, version: string | undefined, failure: string | undefined, timedOut: boolean) => void;

/** One read buffer for every session: `onread` hands it over synchronously, frames are read before the next read. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** Streams tracked per session (a power of two); a call that would reuse a slot still in flight waits. */
const SLOTS = 256;
/** Refill the connection window when this much of it was used. */
const WINDOW_REFILL_BYTES = 2 ** 30;
/** EchoReply field 1 (`version`, length-delimited): tag byte, after gRPC's 5-byte message prefix. */
const VERSION_TAG = 0x0a;
const GRPC_PREFIX_BYTES = 5;
const EMPTY = Buffer.alloc(0);

/** The request frames (HEADERS then DATA with END_STREAM) and where their stream ids go. */
export interface RequestFrames {
  readonly bytes: Buffer;
  readonly dataFrameAt: number;
  readonly dataBytes: number;
}

/**
 * A gRPC unary client on one HTTP/2 connection (h2c, prior knowledge) on a raw socket: the request
 * frames are written from one template (only the stream id changes), responses are read frame by
 * frame in place; per call it keeps numbers in typed arrays, no object. It asks the peer for no
 * dynamic HPACK table, so headers are read without one (hpack-lite.ts).
 */
export class H2UnarySession {
  calls = 0;
  inFlight = 0;
  retired = false;
  gone = false;
  private readonly socket: net.Socket;
  private template: Buffer;
  private nextStreamId = 1;
  private oldestStreamId = 1;
  private readonly ids = new Float64Array(SLOTS);
  /** The stream each slot holds, so a late frame of an ended stream never lands on the slot's next one. */
  private readonly streamIds = new Float64Array(SLOTS);
  private readonly sentAtMs = new Float64Array(SLOTS);
  private readonly active = new Uint8Array(SLOTS);
  private readonly httpStatus = new Int32Array(SLOTS);
  private readonly grpcStatus = new Int32Array(SLOTS);
  private readonly version: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly waiting = new IdQueue();
  private readonly scan = new HeaderScan();
  private sendWindow = f.DEFAULT_WINDOW;
  private peerMaxStreams = SLOTS;
  private receivedBytes = 0;
  /** A frame split between reads, gathered here (made on the first one). */
  private carry = EMPTY;
  private carryLength = 0;
  /** A header block split over CONTINUATION frames, gathered here. */
  private headerBlock = EMPTY;
  private headerBlockLength = 0;
  private headerStreamId = 0;
  private headerEndsStream = false;
  private settingsSeen = false;
  private readonly readyWaiters: Array<() => void> = [];
  private silent = false;
  /** The peer sent GOAWAY: no new streams here. */
  private goneAway = false;

  constructor(
    host: string,
    port: number,
    frames: RequestFrames,
    private readonly versions: VersionNames,
    private readonly onEnd: OnCallEnd,
  ) {
    this.template = Buffer.from(frames.bytes);
    this.dataFrameAt = frames.dataFrameAt;
    this.dataBytes = frames.dataBytes;
    this.socket = net.connect({ host, port, noDelay: true, onread: { buffer: READ_BUFFER, callback: (n) => this.onRead(n, READ_BUFFER) } });
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error.code ?? 'error'));
    this.socket.on('close', () => this.fail('reset'));
    this.socket.write(f.CLIENT_START);
  }

  private readonly dataFrameAt: number;
  private readonly dataBytes: number;

  /** Resolves once the peer's SETTINGS arrived or the connection failed. */
  ready(): Promise<void> {
    if (this.settingsSeen || this.gone) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Calls Echo as request `id`; it waits in this session if the peer's stream limit or window is reached. */
  send(id: number): void {
    this.calls += 1;
    if (this.gone || this.goneAway) return this.onEnd(id, -1, -1, undefined, this.goneAway ? 'REFUSED_STREAM' : 'reset', false);
    if (this.waiting.length > 0 || !this.canStart()) return this.waiting.push(id);
    this.start(id);
  }

  /** Calls sent to this session and not yet on the wire. */
  waitingCount(): number {
    return this.waiting.length;
  }

  private canStart(): boolean {
    return !this.goneAway && this.inFlight < this.peerMaxStreams && this.sendWindow >= this.dataBytes && this.active[this.slot(this.nextStreamId)] === 0 && this.nextStreamId < f.MAX_WINDOW;
  }

  private slot(streamId: number): number {
    return (streamId >>> 1) & (SLOTS - 1);
  }

  /** The slot of `streamId` while that stream is in flight, else -1. */
  private liveSlot(streamId: number): number {
    const s = this.slot(streamId);
    return this.active[s] === 1 && this.streamIds[s] === streamId ? s : -1;
  }

  private start(id: number): void {
    const streamId = this.nextStreamId;
    this.nextStreamId += 2;
    const s = this.slot(streamId);
    this.ids[s] = id;
    this.streamIds[s] = streamId;
    this.active[s] = 1;
    this.httpStatus[s] = -1;
    this.grpcStatus[s] = -1;
    this.version[s] = undefined;
    this.inFlight += 1;
    this.sendWindow -= this.dataBytes;
    this.template.writeUInt32BE(streamId, 5);
    this.template.writeUInt32BE(streamId, this.dataFrameAt + 5);
    this.sentAtMs[s] = performance.now();
    this.socket.write(this.template);
    // The socket kept the bytes to write later: the next call must not change them.
    if (this.socket.writableLength > 0) this.template = Buffer.from(this.template);
  }

  private flushWaiting(): void {
    while (this.waiting.length > 0 && !this.gone && this.canStart()) this.start(this.waiting.shift());
  }

  /** Ends calls in flight longer than `timeoutMs` (cancelling their streams). */
  expire(nowMs: number, timeoutMs: number): void {
    for (let streamId = this.oldestStreamId; streamId < this.nextStreamId; streamId += 2) {
      const s = this.liveSlot(streamId);
      if (s >= 0 && nowMs - this.sentAtMs[s]! > timeoutMs) {
        this.socket.write(f.rstStream(streamId, f.CANCEL));
        this.end(streamId, 'DEADLINE_EXCEEDED', true);
      }
    }
  }

  /** Closes once its calls are answered (at once if none are in flight). */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0 && this.waiting.length === 0) this.close();
  }

  close(): void {
    if (this.gone) return;
    this.gone = true;
    this.socket.write(f.goAway(Math.max(0, this.nextStreamId - 2)));
    this.socket.destroySoon();
  }

  /** Closes now; calls in flight are not reported. */
  destroy(): void {
    this.gone = true;
    this.silent = true;
    this.socket.destroy();
  }

  private onRead(n: number, buf: Buffer): boolean {
    if (this.gone && this.inFlight === 0) return false;
    try {
      this.feed(buf, n);
    } catch {
      this.fail('bad-response');
      this.socket.destroy();
    }
    return true;
  }

  private feed(buf: Buffer, n: number): void {
    let at = 0;
    if (this.carryLength > 0) {
      at = this.fillCarry(buf, 0, n);
      if (at < 0) return;
      this.onFrame(this.carry, 0);
      this.carryLength = 0;
    }
    while (n - at >= f.FRAME_HEADER_BYTES) {
      const length = buf.readUIntBE(at, 3);
      if (length > f.MAX_FRAME_PAYLOAD) throw new RangeError('frame too large');
      if (n - at < f.FRAME_HEADER_BYTES + length) break;
      this.onFrame(buf, at);
      at += f.FRAME_HEADER_BYTES + length;
    }
    if (at < n) {
      if (this.carry === EMPTY) this.carry = Buffer.allocUnsafe(f.FRAME_HEADER_BYTES + f.MAX_FRAME_PAYLOAD);
      buf.copy(this.carry, 0, at, n);
      this.carryLength = n - at;
    }
  }

  /** Completes the partial frame in `carry` from `buf`; where it stopped in `buf`, or -1 if the frame is still partial. */
  private fillCarry(buf: Buffer, at: number, n: number): number {
    if (this.carryLength < f.FRAME_HEADER_BYTES) {
      const take = Math.min(f.FRAME_HEADER_BYTES - this.carryLength, n - at);
      buf.copy(this.carry, this.carryLength, at, at + take);
      this.carryLength += take;
      at += take;
      if (this.carryLength < f.FRAME_HEADER_BYTES) return -1;
    }
    const length = this.carry.readUIntBE(0, 3);
    if (length > f.MAX_FRAME_PAYLOAD) throw new RangeError('frame too large');
    const take = Math.min(f.FRAME_HEADER_BYTES + length - this.carryLength, n - at);
    buf.copy(this.carry, this.carryLength, at, at + take);
    this.carryLength += take;
    return this.carryLength === f.FRAME_HEADER_BYTES + length ? at + take : -1;
  }

  private onFrame(b: Buffer, at: number): void {
    const length = b.readUIntBE(at, 3);
    const type = b[at + 3]!;
    const flags = b[at + 4]!;
    const streamId = b.readUInt32BE(at + 5) & 0x7fffffff;
    let start = at + f.FRAME_HEADER_BYTES;
    let end = start + length;
    if ((type === f.DATA || type === f.HEADERS) && flags & f.PADDED) {
      end -= b[start]!;
      start += 1;
    }
    switch (type) {
      case f.DATA:
        this.onData(b, start, end, streamId, flags, length);
        break;
      case f.HEADERS:
        if (flags & f.PRIORITY) start += 5;
        this.headerStreamId = streamId;
        this.headerEndsStream = (flags & f.END_STREAM) !== 0;
        this.headerBlockLength = 0;
        this.onHeaderFragment(b, start, end, flags);
        break;
      case f.CONTINUATION:
        this.onHeaderFragment(b, start, end, flags);
        break;
      case f.RST_STREAM:
        this.end(streamId, 'reset', false);
        break;
      case f.SETTINGS:
        if ((flags & f.ACK) === 0) this.onSettings(b, start, end);
        break;
      case f.PING:
        if ((flags & f.ACK) === 0) this.socket.write(f.frame(f.PING, f.ACK, 0, Buffer.from(b.subarray(start, end))));
        break;
      case f.GOAWAY:
        this.onGoAway(b.readUInt32BE(start) & 0x7fffffff);
        break;
      case f.WINDOW_UPDATE:
        if (streamId === 0) {
          this.sendWindow += b.readUInt32BE(start) & 0x7fffffff;
          this.flushWaiting();
        }
        break;
    }
  }

  private onData(b: Buffer, start: number, end: number, streamId: number, flags: number, length: number): void {
    this.receivedBytes += length;
    if (this.receivedBytes >= WINDOW_REFILL_BYTES) {
      this.socket.write(f.windowUpdate(this.receivedBytes));
      this.receivedBytes = 0;
    }
    const s = this.liveSlot(streamId);
    if (s < 0) return;
    // The reply's first bytes: gRPC's prefix, then EchoReply's `version` (field 1) with a one-byte length.
    if (this.version[s] === undefined && end - start > GRPC_PREFIX_BYTES + 1 && b[start + GRPC_PREFIX_BYTES] === VERSION_TAG) {
      const length = b[start + GRPC_PREFIX_BYTES + 1]!;
      const from = start + GRPC_PREFIX_BYTES + 2;
      if (length < 0x80 && from + length <= end) this.version[s] = this.versions.of(b, from, from + length);
    }
    if (flags & f.END_STREAM) this.end(streamId, undefined, false);
  }

  private onHeaderFragment(b: Buffer, start: number, end: number, flags: number): void {
    if (flags & f.END_HEADERS && this.headerBlockLength === 0) {
      this.onHeaderBlock(b, start, end);
      return;
    }
    const needed = this.headerBlockLength + end - start;
    if (needed > this.headerBlock.length) {
      const bigger = Buffer.allocUnsafe(needed * 2);
      this.headerBlock.copy(bigger, 0, 0, this.headerBlockLength);
      this.headerBlock = bigger;
    }
    b.copy(this.headerBlock, this.headerBlockLength, start, end);
    this.headerBlockLength = needed;
    if (flags & f.END_HEADERS) {
      this.onHeaderBlock(this.headerBlock, 0, this.headerBlockLength);
      this.headerBlockLength = 0;
    }
  }

  private onHeaderBlock(b: Buffer, start: number, end: number): void {
    this.scan.httpStatus = -1;
    this.scan.grpcStatus = -1;
    if (!scanHeaderBlock(b, start, end, this.scan)) throw new Error('unreadable header block');
    const s = this.liveSlot(this.headerStreamId);
    if (s >= 0) {
      if (this.scan.httpStatus >= 0) this.httpStatus[s] = this.scan.httpStatus;
      if (this.scan.grpcStatus >= 0) this.grpcStatus[s] = this.scan.grpcStatus;
    }
    if (this.headerEndsStream) this.end(this.headerStreamId, undefined, false);
  }

  private onSettings(b: Buffer, start: number, end: number): void {
    for (let at = start; at + 6 <= end; at += 6) {
      if (b.readUInt16BE(at) === f.SETTINGS_MAX_CONCURRENT_STREAMS) this.peerMaxStreams = Math.min(SLOTS, b.readUInt32BE(at + 2));
    }
    this.socket.write(f.SETTINGS_ACK);
    if (!this.settingsSeen) {
      this.settingsSeen = true;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    }
    this.flushWaiting();
  }

  /** The peer stops taking streams: those above `lastStreamId` were never processed; later calls go to a new session. */
  private onGoAway(lastStreamId: number): void {
    this.retired = true;
    this.goneAway = true;
    while (this.waiting.length > 0) this.onEnd(this.waiting.shift(), -1, -1, undefined, 'REFUSED_STREAM', false);
    for (let streamId = Math.max(this.oldestStreamId, lastStreamId + 2); streamId < this.nextStreamId; streamId += 2) this.end(streamId, 'REFUSED_STREAM', false);
    if (this.inFlight === 0) this.close();
  }

  /** Ends the call on `streamId`, if still in flight: with a failure, or as its headers said. */
  private end(streamId: number, failure: string | undefined, timedOut: boolean): void {
    const s = this.liveSlot(streamId);
    if (s < 0) return;
    this.active[s] = 0;
    this.inFlight -= 1;
    while (this.oldestStreamId < this.nextStreamId && this.liveSlot(this.oldestStreamId) < 0) this.oldestStreamId += 2;
    const version = this.version[s];
    this.version[s] = undefined;
    this.onEnd(this.ids[s]!, this.httpStatus[s]!, this.grpcStatus[s]!, version, failure, timedOut);
    if (this.retired && this.inFlight === 0 && this.waiting.length === 0) this.close();
    else this.flushWaiting();
  }

  /** The connection is gone: every call in flight or waiting fails with `status`. */
  private fail(status: string): void {
    if (this.silent) return;
    const wasGone = this.gone;
    this.gone = true;
    for (let streamId = this.oldestStreamId; streamId < this.nextStreamId; streamId += 2) this.end(streamId, status, false);
    while (this.waiting.length > 0) this.onEnd(this.waiting.shift(), -1, -1, undefined, status, false);
    if (!wasGone) this.socket.destroy();
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
}

/** App versions by their bytes, each string made once. */
export class VersionNames {
  private readonly names: string[] = [];
  private readonly bytes: Buffer[] = [];

  of(b: Buffer, start: number, end: number): string {
    outer: for (let i = 0; i < this.bytes.length; i++) {
      const known = this.bytes[i]!;
      if (known.length !== end - start) continue;
      for (let j = 0; j < known.length; j++) if (known[j] !== b[start + j]) continue outer;
      return this.names[i]!;
    }
    const name = b.toString('latin1', start, end);
    this.names.push(name);
    this.bytes.push(Buffer.from(b.subarray(start, end)));
    return name;
  }
}
