/**
 * Just enough of an HTTP/1.1 response parser for a load generator: the status, the app version
 * header, whether the server closes, and where the response ends (content-length, chunked, or at
 * close). Bodies are skipped, never copied; only a response's head is copied, into a buffer the
 * parser owns, so parsing a response allocates nothing once the version strings are known.
 */

const CR = 0x0d;
const LF = 0x0a;
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_VERSIONS = 64;

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailer,
  UntilClose,
}

const lower = (s: string) => Buffer.from(s.toLowerCase(), 'latin1');
const CONTENT_LENGTH = lower('content-length');
const TRANSFER_ENCODING = lower('transfer-encoding');
const CONNECTION = lower('connection');
const CHUNKED = lower('chunked');
const CLOSE = lower('close');
const HTTP_1 = Buffer.from('HTTP/1.', 'latin1');

export class HttpParseError extends Error {}

/** A header value's bytes → one string per distinct value, made once. */
class InternedValues {
  private readonly bytes: Buffer[] = [];
  private readonly strings: string[] = [];

  of(buf: Buffer, start: number, end: number): string {
    for (let i = 0; i < this.bytes.length; i++) {
      if (this.bytes[i]!.compare(buf, start, end) === 0) return this.strings[i]!;
    }
    const s = buf.toString('latin1', start, end);
    if (this.bytes.length < MAX_VERSIONS) {
      this.bytes.push(Buffer.from(buf.subarray(start, end)));
      this.strings.push(s);
    }
    return s;
  }
}

/** Whether buf[start, start+len) equals `name` (lower-case ASCII), ignoring case. */
function nameIs(buf: Buffer, start: number, len: number, name: Buffer): boolean {
  if (len !== name.length) return false;
  for (let i = 0; i < len; i++) if ((buf[start + i]! | 0x20) !== name[i]) return false;
  return true;
}

/** Whether buf[start, end) contains `word` (lower-case ASCII letters), ignoring case. */
function containsWord(buf: Buffer, start: number, end: number, word: Buffer): boolean {
  outer: for (let i = start; i + word.length <= end; i++) {
    for (let j = 0; j < word.length; j++) if ((buf[i + j]! | 0x20) !== word[j]) continue outer;
    return true;
  }
  return false;
}

export class HttpResponseParser {
  /** Of the response last completed: */
  status = 0;
  version: string | undefined = undefined;
  /** The server said `connection: close` (or will end the body by closing). */
  serverCloses = false;

  private state = State.Head;
  private readonly head = Buffer.allocUnsafe(MAX_HEAD_BYTES);
  private headLength = 0;
  /** CR LF CR LF matched so far at the end of the head. */
  private terminator = 0;
  private remaining = 0;
  private chunkSize = 0;
  private chunkSizeDone = false;
  private trailerLineLength = 0;
  private readonly versions = new InternedValues();

  /**
   * @param versionHeader the header whose value is the answering app version, lower case
   * @param onResponse called for every response that completes, with the fields above set
   */
  private readonly versionHeader: Buffer;

  constructor(
    versionHeader: string,
    private readonly onResponse: () => void,
  ) {
    this.versionHeader = lower(versionHeader);
  }

  /** True when no response is partly read. */
  get idle(): boolean {
    return this.state === State.Head && this.headLength === 0;
  }

  /** Parses buf[start, end); throws HttpParseError on what is not an HTTP/1.x response. */
  feed(buf: Buffer, start: number, end: number): void {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case State.Head:
          i = this.readHead(buf, i, end);
          break;
        case State.Body: {
          const n = Math.min(this.remaining, end - i);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.complete();
          break;
        }
        case State.ChunkSize:
          i = this.readChunkSize(buf, i, end);
          break;
        case State.ChunkData: {
          const n = Math.min(this.remaining, end - i);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.ChunkDataEnd:
          if (buf[i++] === LF) this.startChunk();
          break;
        case State.Trailer:
          i = this.readTrailer(buf, i, end);
          break;
        case State.UntilClose:
          i = end;
          break;
      }
    }
  }

  /** The server closed the connection: a body read until close ends here. True if that completed a response. */
  end(): boolean {
    if (this.state !== State.UntilClose) return false;
    this.complete();
    return true;
  }

  private readHead(buf: Buffer, start: number, end: number): number {
    let i = start;
    while (i < end) {
      const byte = buf[i++]!;
      if (this.headLength === MAX_HEAD_BYTES) throw new HttpParseError(`response head longer than ${MAX_HEAD_BYTES} bytes`);
      this.head[this.headLength++] = byte;
      this.terminator = byte === (this.terminator % 2 === 0 ? CR : LF) ? this.terminator + 1 : byte === CR ? 1 : 0;
      if (this.terminator === 4) {
        this.parseHead();
        return i;
      }
    }
    return i;
  }

  private parseHead(): void {
    const h = this.head;
    const length = this.headLength;
    this.headLength = 0;
    this.terminator = 0;
    if (length < 12 || HTTP_1.compare(h, 0, 7) !== 0) throw new HttpParseError(`not an HTTP/1.x response: ${JSON.stringify(h.toString('latin1', 0, Math.min(length, 40)))}`);
    const status = (h[9]! - 48) * 100 + (h[10]! - 48) * 10 + (h[11]! - 48);
    if (!(status >= 100 && status <= 999)) throw new HttpParseError('malformed status line');
    let contentLength = -1;
    let chunked = false;
    let closes = h[7] === 0x30; // HTTP/1.0
    let version: string | undefined;
    let line = h.indexOf(LF, 0) + 1;
    while (line < length - 2) {
      const eol = h.indexOf(LF, line);
      const colon = h.indexOf(0x3a, line);
      if (colon > line && colon < eol) {
        let v = colon + 1;
        let e = eol;
        while (v < e && (h[v] === 0x20 || h[v] === 0x09)) v++;
        while (e > v && (h[e - 1] === CR || h[e - 1] === 0x20 || h[e - 1] === 0x09)) e--;
        const nameLength = colon - line;
        if (nameIs(h, line, nameLength, CONTENT_LENGTH)) contentLength = parseDecimal(h, v, e);
        else if (nameIs(h, line, nameLength, TRANSFER_ENCODING)) chunked = containsWord(h, v, e, CHUNKED);
        else if (nameIs(h, line, nameLength, CONNECTION)) closes = containsWord(h, v, e, CLOSE);
        else if (nameIs(h, line, nameLength, this.versionHeader)) version = this.versions.of(h, v, e);
      }
      line = eol + 1;
    }
    if (status < 200 && status !== 101) return; // interim response (100 Continue): the real one follows
    this.status = status;
    this.version = version;
    this.serverCloses = closes;
    if (status === 204 || status === 304 || contentLength === 0) this.complete();
    else if (chunked) this.startChunk();
    else if (contentLength > 0) {
      this.remaining = contentLength;
      this.state = State.Body;
    } else {
      this.serverCloses = true;
      this.state = State.UntilClose;
    }
  }

  private startChunk(): void {
    this.state = State.ChunkSize;
    this.chunkSize = 0;
    this.chunkSizeDone = false;
  }

  private readChunkSize(buf: Buffer, start: number, end: number): number {
    let i = start;
    while (i < end) {
      const byte = buf[i++]!;
      if (byte === LF) {
        if (this.chunkSize === 0) {
          this.state = State.Trailer;
          this.trailerLineLength = 0;
        } else {
          this.remaining = this.chunkSize;
          this.state = State.ChunkData;
        }
        return i;
      }
      if (this.chunkSizeDone || byte === CR) continue;
      const digit = hexDigit(byte);
      if (digit < 0) this.chunkSizeDone = true; // chunk extension (";…") or whitespace
      else this.chunkSize = this.chunkSize * 16 + digit;
    }
    return i;
  }

  private readTrailer(buf: Buffer, start: number, end: number): number {
    let i = start;
    while (i < end) {
      const byte = buf[i++]!;
      if (byte === LF) {
        if (this.trailerLineLength === 0) {
          this.complete();
          return i;
        }
        this.trailerLineLength = 0;
      } else if (byte !== CR) this.trailerLineLength += 1;
    }
    return i;
  }

  private complete(): void {
    this.state = State.Head;
    this.onResponse();
  }
}

function parseDecimal(buf: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) throw new HttpParseError('malformed content-length');
    n = n * 10 + d;
  }
  return n;
}

function hexDigit(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const l = byte | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}
