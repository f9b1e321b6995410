import { describe, expect, it } from 'vitest';
import { encodeHeaderBlock, HeaderScan, huffmanEncode, scanHeaderBlock } from './hpack-lite.js';

const scan = (block: Buffer) => {
  const out = new HeaderScan();
  return { readable: scanHeaderBlock(block, 0, block.length, out), httpStatus: out.httpStatus, grpcStatus: out.grpcStatus };
};

/** A literal field (never indexed) with a literal name, each string Huffman-coded or not. */
function literalField(name: string, value: string, huffmanName: boolean, huffmanValue: boolean): Buffer {
  const str = (s: string, huffman: boolean) => {
    const bytes = huffman ? huffmanEncode(s) : Buffer.from(s, 'latin1');
    return Buffer.concat([Buffer.from([(huffman ? 0x80 : 0) | bytes.length]), bytes]);
  };
  return Buffer.concat([Buffer.from([0x10]), str(name, huffmanName), str(value, huffmanValue)]);
}

describe('hpack-lite', () => {
  it('Huffman-codes as RFC 7541 C.4.1 does', () => {
    expect(huffmanEncode('www.example.com').toString('hex')).toBe('f1e3c2e5f23a6ba0ab90f4ff');
    expect(huffmanEncode('no-cache').toString('hex')).toBe('a8eb10649cbf');
  });

  it('reads :status from the static table and grpc-status in every coding', () => {
    for (const huffmanName of [false, true]) {
      for (const huffmanValue of [false, true]) {
        const block = Buffer.concat([Buffer.from([0x20, 0x88]), literalField('grpc-status', '14', huffmanName, huffmanValue)]);
        expect(scan(block)).toEqual({ readable: true, httpStatus: 200, grpcStatus: 14 });
      }
    }
  });

  it('reads a :status that is not in the static table, and skips other fields', () => {
    const status = Buffer.concat([Buffer.from([0x08, 0x03]), Buffer.from('503')]); // literal, name :status (index 8)
    const block = Buffer.concat([literalField('grpc-message', 'no healthy upstream', true, true), status, literalField('grpc-statuz', '3', false, false)]);
    expect(scan(block)).toEqual({ readable: true, httpStatus: 503, grpcStatus: -1 });
  });

  it('refuses a block that needs a dynamic table or runs past its end', () => {
    expect(scan(Buffer.from([0xbe])).readable).toBe(false); // index 62: the first dynamic entry
    expect(scan(Buffer.from([0x3f, 0xe1, 0x1f])).readable).toBe(false); // table size update to 4096
    expect(scan(literalField('grpc-status', '0', false, false).subarray(0, 5)).readable).toBe(false);
  });

  it('encodes the request block the way it reads it back', () => {
    const block = encodeHeaderBlock([{ indexed: 8 }, { nameIndex: 31, value: 'application/grpc' }, { name: 'grpc-status', value: '0' }]);
    expect(block.subarray(0, 3).toString('hex')).toBe('880f10');
    expect(scan(block)).toEqual({ readable: true, httpStatus: 200, grpcStatus: 0 });
  });
});
