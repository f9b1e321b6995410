/**
 * Just enough HPACK (RFC 7541) for a gRPC client that tells its peer to keep no dynamic table
 * (SETTINGS_HEADER_TABLE_SIZE 0): encode a request's header block once, and read a response's
 * `:status` and `grpc-status` out of a header block in place, without building strings.
 */

/** Huffman codes of the printable ASCII symbols 32..126 (RFC 7541 Appendix B); every header this client reads is printable. */
const FIRST_SYMBOL = 32;
const CODES = [
  0x14, 0x3f8, 0x3f9, 0xffa, 0x1ff9, 0x15, 0xf8, 0x7fa, 0x3fa, 0x3fb, 0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18, 0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x5c, 0xfb, 0x7ffc, 0x20, 0xffb,
  0x3fc, 0x1ffa, 0x21, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0xfc, 0x73, 0xfd, 0x1ffb, 0x7fff0,
  0x1ffc, 0x3ffc, 0x22, 0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5, 0x25, 0x26, 0x27, 0x6, 0x74, 0x75, 0x28, 0x29, 0x2a, 0x7, 0x2b, 0x76, 0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7ffe,
  0x7fc, 0x3ffd, 0x1ffd,
];
/** Code lengths in bits of the same symbols, one letter each ('a' = 0). */
const LENGTHS = 'gkkmngilkkiligggfffggggggghipgmknghhhhhhhhhhhhhhhhhhhhhhihintnogpfgfgfgggfhhgggfghgffghhhhhplon';
const codeBits = (i: number) => LENGTHS.charCodeAt(i) - 97;
/** Decoding table: symbol by `bits << 24 | code` (every code here is under 24 bits). */
const SYMBOL_BY_CODE = new Map<number, number>(CODES.map((code, i) => [(codeBits(i) << 24) | code, FIRST_SYMBOL + i]));
const LONGEST_CODE_BITS = 19;

/** Static table indices 8–14: `:status` with these values. */
const STATIC_STATUS = [0, 0, 0, 0, 0, 0, 0, 0, 200, 204, 206, 304, 400, 404, 500];
const STATUS_NAME_INDEX = 8;
const STATIC_TABLE_SIZE = 61;

export function huffmanEncode(text: string): Buffer {
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const symbol = text.charCodeAt(i) - FIRST_SYMBOL;
    if (symbol < 0 || symbol >= CODES.length) throw new RangeError(`not a printable ASCII header: ${text}`);
    acc = (acc << codeBits(symbol)) | CODES[symbol]!;
    bits += codeBits(symbol);
    while (bits >= 8) {
      bytes.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
      acc &= (1 << bits) - 1;
    }
  }
  if (bits > 0) bytes.push(((acc << (8 - bits)) | ((1 << (8 - bits)) - 1)) & 0xff); // padded with the EOS prefix (all ones)
  return Buffer.from(bytes);
}

/** An HPACK integer with an `prefixBits`-bit prefix whose first byte carries `flags`. */
function encodeInt(value: number, prefixBits: number, flags: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [flags | value];
  const out = [flags | max];
  for (value -= max; value >= 128; value = Math.floor(value / 128)) out.push((value % 128) | 128);
  out.push(value);
  return out;
}

const literal = (text: string) => [...encodeInt(Buffer.byteLength(text, 'latin1'), 7, 0), ...Buffer.from(text, 'latin1')];

/** A request header: a static table entry (index, whole field) or a name (static index or string) with a value, never indexed by the peer. */
export type RequestHeader = { readonly indexed: number } | { readonly nameIndex: number; readonly value: string } | { readonly name: string; readonly value: string };

/** The header block of `headers`, using no dynamic table (the same bytes serve every request). */
export function encodeHeaderBlock(headers: readonly RequestHeader[]): Buffer {
  const out: number[] = [];
  for (const h of headers) {
    if ('indexed' in h) out.push(...encodeInt(h.indexed, 7, 0x80));
    else if ('nameIndex' in h) out.push(...encodeInt(h.nameIndex, 4, 0), ...literal(h.value));
    else out.push(0, ...literal(h.name), ...literal(h.value));
  }
  return Buffer.from(out);
}

/** Where the last `readInt` stopped. */
let cursor = 0;

/** Reads an HPACK integer at `pos` with a `prefixBits`-bit prefix; -1 if it runs past `end`. */
function readInt(b: Buffer, pos: number, end: number, prefixBits: number): number {
  const max = (1 << prefixBits) - 1;
  let value = b[pos]! & max;
  pos += 1;
  if (value === max) {
    for (let shift = 0; ; shift += 7) {
      if (pos >= end || shift > 28) return -1;
      const byte = b[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
    }
  }
  cursor = pos;
  return value;
}

/** A string of ASCII digits as its number: -1 if empty, not digits, or badly coded. */
function readDigits(b: Buffer, start: number, end: number, huffman: boolean): number {
  let value = 0;
  let digits = 0;
  if (!huffman) {
    for (let i = start; i < end; i++, digits++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
    }
    return digits > 0 ? value : -1;
  }
  let code = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((b[i]! >> bit) & 1);
      bits += 1;
      const symbol = bits >= 5 ? SYMBOL_BY_CODE.get((bits << 24) | code) : undefined;
      if (symbol === undefined) {
        if (bits > LONGEST_CODE_BITS) return -1;
        continue;
      }
      const d = symbol - 48;
      if (d < 0 || d > 9) return -1;
      value = value * 10 + d;
      digits += 1;
      code = 0;
      bits = 0;
    }
  }
  // What is left must be padding: fewer than 8 bits, all ones.
  return digits > 0 && bits < 8 && code === (1 << bits) - 1 ? value : -1;
}

const GRPC_STATUS_RAW = Buffer.from('grpc-status', 'latin1');
const GRPC_STATUS_HUFFMAN = huffmanEncode('grpc-status');

function sameBytes(b: Buffer, start: number, end: number, want: Buffer): boolean {
  if (end - start !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (b[start + i] !== want[i]) return false;
  return true;
}

/** What a response's header block said, -1 where it said nothing. */
export class HeaderScan {
  httpStatus = -1;
  grpcStatus = -1;
}

/**
 * Reads `:status` and `grpc-status` from the header block `b[start, end)` into `out`. False when the
 * block cannot be read with an empty dynamic table (a peer that ignored our SETTINGS, or bad bytes).
 */
export function scanHeaderBlock(b: Buffer, start: number, end: number, out: HeaderScan): boolean {
  let pos = start;
  while (pos < end) {
    const first = b[pos]!;
    if (first & 0x80) {
      const index = readInt(b, pos, end, 7);
      if (index <= 0 || index > STATIC_TABLE_SIZE) return false;
      pos = cursor;
      if (index < STATIC_STATUS.length && STATIC_STATUS[index]! > 0) out.httpStatus = STATIC_STATUS[index]!;
      continue;
    }
    if ((first & 0xe0) === 0x20) {
      // Dynamic table size update: only down to the 0 we asked for.
      if (readInt(b, pos, end, 5) !== 0) return false;
      pos = cursor;
      continue;
    }
    const nameIndex = readInt(b, pos, end, (first & 0xc0) === 0x40 ? 6 : 4);
    if (nameIndex < 0 || nameIndex > STATIC_TABLE_SIZE) return false;
    pos = cursor;
    let field = nameIndex === STATUS_NAME_INDEX ? 1 : 0;
    if (nameIndex === 0) {
      if (pos >= end) return false;
      const huffman = (b[pos]! & 0x80) !== 0;
      const length = readInt(b, pos, end, 7);
      if (length < 0 || cursor + length > end) return false;
      pos = cursor;
      if (sameBytes(b, pos, pos + length, huffman ? GRPC_STATUS_HUFFMAN : GRPC_STATUS_RAW)) field = 2;
      pos += length;
    }
    if (pos >= end) return false;
    const huffman = (b[pos]! & 0x80) !== 0;
    const length = readInt(b, pos, end, 7);
    if (length < 0 || cursor + length > end) return false;
    pos = cursor;
    if (field === 1) out.httpStatus = readDigits(b, pos, pos + length, huffman);
    else if (field === 2) out.grpcStatus = readDigits(b, pos, pos + length, huffman);
    pos += length;
  }
  return true;
}
