/** HTTP/2 (RFC 9113) frame types, flags and the few frames a lean client writes. */

export const FRAME_HEADER_BYTES = 9;
export const DATA = 0x0;
export const HEADERS = 0x1;
export const RST_STREAM = 0x3;
export const SETTINGS = 0x4;
export const PING = 0x6;
export const GOAWAY = 0x7;
export const WINDOW_UPDATE = 0x8;
export const CONTINUATION = 0x9;

export const END_STREAM = 0x1;
export const ACK = 0x1;
export const END_HEADERS = 0x4;
export const PADDED = 0x8;
export const PRIORITY = 0x20;

export const SETTINGS_HEADER_TABLE_SIZE = 0x1;
export const SETTINGS_ENABLE_PUSH = 0x2;
export const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;

export const CANCEL = 0x8;
export const MAX_WINDOW = 2 ** 31 - 1;
export const DEFAULT_WINDOW = 65_535;
/** Frames the peer may send us, payload bytes (we never raise SETTINGS_MAX_FRAME_SIZE). */
export const MAX_FRAME_PAYLOAD = 16_384;

/** A frame's 9-byte header at `b[at]`. */
export function writeFrameHeader(b: Buffer, at: number, length: number, type: number, flags: number, streamId: number): void {
  b.writeUIntBE(length, at, 3);
  b[at + 3] = type;
  b[at + 4] = flags;
  b.writeUInt32BE(streamId, at + 5);
}

export function frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(FRAME_HEADER_BYTES + payload.length);
  writeFrameHeader(b, 0, payload.length, type, flags, streamId);
  payload.copy(b, FRAME_HEADER_BYTES);
  return b;
}

function settingsPayload(settings: ReadonlyArray<readonly [number, number]>): Buffer {
  const b = Buffer.alloc(settings.length * 6);
  settings.forEach(([id, value], i) => {
    b.writeUInt16BE(id, i * 6);
    b.writeUInt32BE(value, i * 6 + 2);
  });
  return b;
}

function windowUpdatePayload(increment: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(increment);
  return b;
}

/**
 * What a client writes first: the preface; SETTINGS asking the peer for no dynamic HPACK table, no
 * push and stream windows it never needs to refill; and the connection window opened to the maximum.
 */
export const CLIENT_START = Buffer.concat([
  Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
  frame(
    SETTINGS,
    0,
    0,
    settingsPayload([
      [SETTINGS_HEADER_TABLE_SIZE, 0],
      [SETTINGS_ENABLE_PUSH, 0],
      [SETTINGS_INITIAL_WINDOW_SIZE, MAX_WINDOW],
    ]),
  ),
  frame(WINDOW_UPDATE, 0, 0, windowUpdatePayload(MAX_WINDOW - DEFAULT_WINDOW)),
]);

export const SETTINGS_ACK = frame(SETTINGS, ACK, 0, Buffer.alloc(0));

export const windowUpdate = (increment: number) => frame(WINDOW_UPDATE, 0, 0, windowUpdatePayload(increment));

export const rstStream = (streamId: number, code: number) => frame(RST_STREAM, 0, streamId, windowUpdatePayload(code));

export function goAway(lastStreamId: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt32BE(lastStreamId);
  return frame(GOAWAY, 0, 0, b);
}
