// Test and benchmark support only: false alarms and power of `compare` when runs differ from each
// other more than rounds do. Simulated at the level of each run's summary — a run's tax is
// truth + its own offset u ~ N(0, τ²) + its rounds' error ~ N(0, σ²/n), and its SE estimate is
// σ/√n · √(χ²(n−1)/(n−1)) — so thousands of pairs take seconds. A history of past nights (same
// model) gives τ̂ through `runToRunSpread`.
import { DEFAULT_REGRESSION } from '../../config/schema.js';
import type { HistoryEntry } from '../../record/index.js';
import { randomSource } from '../../stats/testing/simulate.js';
import { studentTQuantile } from '../../stats/index.js';
import { runToRunSpread } from '../history.js';
import { taxChange } from '../merged-change.js';
import { decideRow } from '../verdict.js';

export interface RunLevelSpec {
  readonly pairs: number;
  readonly rounds: number;
  /** SD of one round's tax, µs. */
  readonly roundSdUs: number;
  /** SD of a run's own offset, µs. */
  readonly runSdUs: number;
  /** Nights in the history τ is estimated from; 0: no history (τ taken as 0). */
  readonly historyNights: number;
  /** Injected change of the current run, µs (0: A/A). */
  readonly stepUs: number;
  readonly seed: number;
}

export interface RunLevelResult {
  readonly regression: number;
  readonly improvement: number;
  readonly noChange: number;
  readonly cantTell: number;
}

const LEVEL = { profile: 'dedicated', rateRps: 500, newConnectionEvery: 0, percentile: 50 };

export function simulateRunLevel(spec: RunLevelSpec): RunLevelResult {
  const random = randomSource(spec.seed);
  const chi = (df: number) => Array.from({ length: df }, () => random.normal() ** 2).reduce((a, b) => a + b, 0);
  const run = (shift: number) => {
    const se = spec.roundSdUs / Math.sqrt(spec.rounds);
    return { taxUs: 260 + shift + spec.runSdUs * random.normal() + se * random.normal(), seUs: se * Math.sqrt(chi(spec.rounds - 1) / (spec.rounds - 1)), rounds: spec.rounds };
  };
  const tally = { regression: 0, improvement: 0, noChange: 0, cantTell: 0 };
  for (let i = 0; i < spec.pairs; i++) {
    const history: HistoryEntry[] = Array.from({ length: spec.historyNights }, () => {
      const night = run(0);
      const half = night.seUs * studentTQuantile(0.975, spec.rounds - 1);
      return { schemaVersion: 1, runId: 'n', startedAt: '', scenario: 's', state: 'completed', envoyVersion: 'e', fidelity: 'full', environment: 'm', quick: false, rounds: spec.rounds, confidence: 0.95, rows: [{ ...LEVEL, taxUs: night.taxUs, ciUs: [night.taxUs - half, night.taxUs + half], rounds: spec.rounds, noisy: false }], disturbances: [] } as HistoryEntry;
    });
    const runToRun = spec.historyNights > 0 ? runToRunSpread(history, LEVEL, { environment: 'm', envoyVersion: 'e' }) : null;
    const a = run(0);
    const b = run(spec.stepUs);
    const change = taxChange(a, b, runToRun, 0.95);
    const d = decideRow({ percentile: 50, baselineRounds: a.rounds, currentRounds: b.rounds, baselineTaxUs: a.taxUs, changeUs: change.changeUs, changeCiUs: change.ciUs, pValue: change.pValue, noisy: false }, DEFAULT_REGRESSION);
    if (d.verdict === 'regression') tally.regression++;
    else if (d.verdict === 'improvement') tally.improvement++;
    else if (d.verdict === 'no-change') tally.noChange++;
    else tally.cantTell++;
  }
  const n = spec.pairs;
  return { regression: tally.regression / n, improvement: tally.improvement / n, noChange: tally.noChange / n, cantTell: tally.cantTell / n };
}
