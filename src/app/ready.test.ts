import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AppReadyError, formatReadyLine, parseReadyLine, waitForReady } from './index.js';

describe('READY line', () => {
  it('parses what the server prints', () => {
    const ready = { version: 'v1', httpPort: 41000, grpcPort: 41001, pid: 1234 };
    expect(formatReadyLine(ready)).toBe('READY {"version":"v1","httpPort":41000,"grpcPort":41001,"pid":1234}');
    expect(parseReadyLine(`${formatReadyLine(ready)}\n`)).toEqual(ready);
    expect(parseReadyLine('READY {"version":"v2","httpPort":1,"grpcPort":null,"pid":7}')).toEqual({ version: 'v2', httpPort: 1, grpcPort: null, pid: 7 });
  });

  it('says what is wrong with a bad line', () => {
    expect(() => parseReadyLine('listening on 8080')).toThrow(AppReadyError);
    expect(() => parseReadyLine('READY {oops')).toThrow(/does not carry JSON/);
    expect(() => parseReadyLine('READY [1]')).toThrow(/JSON object/);
    expect(() => parseReadyLine('READY {"version":"v1","httpPort":0,"grpcPort":null,"pid":1}')).toThrow(/"httpPort"/);
    expect(() => parseReadyLine('READY {"version":"v1","httpPort":80,"grpcPort":"x","pid":1}')).toThrow(/"grpcPort"/);
    expect(() => parseReadyLine('READY {"version":"v1","httpPort":80,"grpcPort":81}')).toThrow(/"pid"/);
    expect(() => parseReadyLine('READY {"httpPort":80,"grpcPort":81,"pid":1}')).toThrow(/"version"/);
  });
});

describe('waitForReady', () => {
  it('skips other lines and reads a READY line split across chunks', async () => {
    const out = new PassThrough();
    const waiting = waitForReady(out, { timeoutMs: 1000 });
    out.write('warming up\nREADY {"version":"v1","httpP');
    out.write('ort":5,"grpcPort":null,"pid":9}\n');
    await expect(waiting).resolves.toEqual({ version: 'v1', httpPort: 5, grpcPort: null, pid: 9 });
  });

  it('rejects, quoting the output, when the stream ends first', async () => {
    const out = new PassThrough();
    const waiting = waitForReady(out, { timeoutMs: 1000 });
    out.end('Error: boom\n');
    await expect(waiting).rejects.toThrow(/output closed.*it printed: Error: boom/);
  });

  it('rejects after the timeout and on abort', async () => {
    await expect(waitForReady(new PassThrough(), { timeoutMs: 20 })).rejects.toThrow(/within 20 ms/);
    await expect(waitForReady(new PassThrough(), { timeoutMs: 1000, signal: AbortSignal.abort() })).rejects.toThrow(/aborted/);
  });
});
