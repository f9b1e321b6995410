import { describe, expect, it } from 'vitest';
import { HttpParseError, HttpResponseParser } from './http-response-parser.js';

interface Seen {
  status: number;
  version: string | undefined;
  serverCloses: boolean;
}

function parserInto(seen: Seen[]): HttpResponseParser {
  const parser: HttpResponseParser = new HttpResponseParser('x-app-version', () => seen.push({ status: parser.status, version: parser.version, serverCloses: parser.serverCloses }));
  return parser;
}

/** Feeds `text` cut at every position in `cuts`, as sockets deliver it. */
function feedInPieces(parser: HttpResponseParser, text: string, cuts: number[]): void {
  const buf = Buffer.from(text, 'latin1');
  let from = 0;
  for (const cut of [...cuts, buf.length]) {
    parser.feed(buf, from, cut);
    from = cut;
  }
}

const lengthResponse = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-App-Version: v2\r\n\r\nhello';
const chunkedResponse = 'HTTP/1.1 503 Service Unavailable\r\ntransfer-encoding: chunked\r\nx-app-version: v1\r\n\r\n4;ext=1\r\nwiki\r\n5\r\npedia\r\n0\r\ntrailer: x\r\n\r\n';

describe('the HTTP/1.1 response parser', () => {
  it('finds each response end however the bytes are split', () => {
    const text = lengthResponse + chunkedResponse + lengthResponse;
    for (let cut = 1; cut < text.length; cut++) {
      const seen: Seen[] = [];
      const parser = parserInto(seen);
      feedInPieces(parser, text, [cut, Math.min(text.length, cut + 7)].filter((c, i, a) => a.indexOf(c) === i));
      expect(seen.map((s) => [s.status, s.version]), `cut at ${cut}`).toEqual([
        [200, 'v2'],
        [503, 'v1'],
        [200, 'v2'],
      ]);
      expect(parser.idle).toBe(true);
    }
  });

  it('hands out one string per distinct version', () => {
    const seen: Seen[] = [];
    feedInPieces(parserInto(seen), lengthResponse + lengthResponse, []);
    expect(seen[0]!.version).toBe('v2');
    expect(Object.is(seen[0]!.version, seen[1]!.version)).toBe(true);
  });

  it('notes connection: close, and skips an interim 100 Continue', () => {
    const seen: Seen[] = [];
    feedInPieces(parserInto(seen), 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n', []);
    expect(seen).toEqual([{ status: 204, version: undefined, serverCloses: true }]);
  });

  it('reads a body without length until the server closes', () => {
    const seen: Seen[] = [];
    const parser = parserInto(seen);
    feedInPieces(parser, 'HTTP/1.0 200 OK\r\n\r\nsome body', []);
    expect(seen).toEqual([]);
    expect(parser.end()).toBe(true);
    expect(seen).toEqual([{ status: 200, version: undefined, serverCloses: true }]);
  });

  it('rejects what is not an HTTP/1.x response', () => {
    expect(() => feedInPieces(parserInto([]), 'SSH-2.0-OpenSSH\r\n\r\n', [])).toThrow(HttpParseError);
    expect(() => feedInPieces(parserInto([]), 'HTTP/1.1 200 OK\r\ncontent-length: 1x\r\n\r\n', [])).toThrow(HttpParseError);
  });
});
