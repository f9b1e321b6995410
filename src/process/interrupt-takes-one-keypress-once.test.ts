// SIGINT and SIGTERM stop the run once; the copies of one Ctrl-C that npm and tsx relay within
// moments are not a second Ctrl-C; a real second one (later) forces.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onInterrupt, SAME_SIGNAL_WITHIN_MS } from './interrupt.js';
import { RunContext } from './run-context.js';

afterEach(() => vi.useRealTimers());

describe('the run’s signal handler', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s aborts the run, naming the signal; relayed copies do not force', (signal) => {
    vi.useFakeTimers();
    const ctx = new RunContext('r', 1000);
    const forced: string[] = [];
    const stop = onInterrupt(ctx, { warn: () => {}, onForce: (s) => forced.push(s) });
    try {
      process.emit(signal, signal);
      vi.advanceTimersByTime(5);
      process.emit('SIGINT', 'SIGINT');
      process.emit(signal, signal);
      expect(ctx.signal.aborted).toBe(true);
      expect(ctx.abortReason?.message).toBe(`Interrupted by ${signal}.`);
      expect(forced).toEqual([]);
      vi.advanceTimersByTime(SAME_SIGNAL_WITHIN_MS);
      process.emit('SIGINT', 'SIGINT');
      expect(forced).toEqual(['SIGINT']);
    } finally {
      stop();
    }
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
