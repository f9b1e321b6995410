/**
 * SIGINT/SIGTERM from the first byte a run creates to the last the command writes. While the run
 * goes, the run's own handler (process/interrupt.ts) stops it and keeps what was measured; this
 * one only keeps Node from dying of the signal. Once the record is written, a signal lets the
 * report finish (a second one quits at once) and the command then exits 130.
 */
import { ExitCode } from '../errors.js';
import { SAME_SIGNAL_WITHIN_MS } from '../process/index.js';

export interface HeldSignals {
  /** The run has written its record: from now on a signal means "finish the report, then stop". */
  runDone(): void;
  /** Whether a signal came after the record was written. */
  readonly interrupted: boolean;
  release(): void;
}

export function holdSignals(warn: (message: string) => void): HeldSignals {
  let afterRun = false;
  let firstAt: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (!afterRun) return;
    if (firstAt !== undefined) {
      if (Date.now() - firstAt >= SAME_SIGNAL_WITHIN_MS) process.exit(ExitCode.interrupted);
      return;
    }
    firstAt = Date.now();
    warn(`${signal}: the record is written; finishing the report (press Ctrl-C again to quit at once).`);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    runDone: () => (afterRun = true),
    get interrupted() {
      return firstAt !== undefined;
    },
    release: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
