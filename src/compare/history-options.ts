/**
 * What a comparison learns from the history of comparable nights (same machine fingerprint and
 * Envoy as the run compared): how much runs differ at each row, and whether disturbance is the
 * machine's usual state there. One place, so `compare`, `bench --baseline` and a run's own looks
 * judge alike.
 */
import type { HistoryEntry } from '../record/index.js';
import type { CompareOptions } from './compare.js';
import { describeFingerprint, fingerprint } from './fingerprint.js';
import { recentDisturbance, runToRunSpread } from './history.js';
import { DEFAULT_HISTORY_WINDOW } from './against-history.js';
import type { ComparableRecord } from './noise.js';

export function historyOptions(entries: readonly HistoryEntry[], current: ComparableRecord): Pick<CompareOptions, 'runToRun' | 'usualNoise'> {
  if (entries.length === 0) return {};
  const like = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version };
  return { runToRun: (row) => runToRunSpread(entries, row, like), usualNoise: (row) => recentDisturbance(entries, row, like, DEFAULT_HISTORY_WINDOW) };
}
