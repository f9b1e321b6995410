import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from './progress.js';

function stream(tty: boolean): NodeJS.WriteStream & { text(): string } {
  const s = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let text = '';
  s.on('data', (chunk: Buffer) => (text += chunk.toString()));
  Object.assign(s, { isTTY: tty, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, text: () => text });
  return s;
}

describe('progress', () => {
  it('in CI prints plain lines: every 10th trial and every dropped one, with elapsed, ETA and the dropped count', () => {
    const out = stream(true);
    const progress = terminalProgress(out, { CI: 'true' });
    for (let i = 1; i <= 20; i++) progress.trial(i, 20, i === 3 ? 'round 1 mesh: 480 rps — INVALID: load driver fell behind' : `round ${i} ok`);
    progress.done();
    const lines = out.text().trim().split('\n');
    expect(lines.map((l) => l.trim().split(']')[0])).toEqual(['[ 3/20', '[10/20', '[20/20']);
    expect(lines[0]).toMatch(/INVALID.*\(\d+s elapsed, ETA \d+s, 1 dropped\)/);
    expect(lines[2]).toMatch(/ETA 0s, 1 dropped\)/);
    expect(out.text()).not.toMatch(/\x1b\[/); // no escape codes: NO_COLOR and log files stay clean
  });

  it('on a terminal keeps the dropped trials visible above the bar', () => {
    const out = stream(true);
    const progress = terminalProgress(out, {});
    progress.phase('Plan: 4 trials');
    progress.trial(1, 4, 'round 1 baseline: 500 rps');
    progress.trial(2, 4, 'round 1 mesh: 300 rps — INVALID: schedule lag');
    progress.trial(4, 4, 'round 1 baseline: 500 rps');
    progress.done();
    expect(out.text()).toContain('• Plan: 4 trials');
    expect(out.text()).toContain('[2/4] round 1 mesh: 300 rps — INVALID: schedule lag');
  });
});
