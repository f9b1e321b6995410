/**
 * Where compare learns how much runs differ from each other: the history of comparable nights of
 * the scenario (same machine fingerprint and Envoy), when there is one beside the results.
 */
import { DEFAULT_HISTORY_WINDOW, describeFingerprint, fingerprint, recentDisturbance, runToRunSpread, type CompareOptions, type ComparableRecord } from '../compare/index.js';
import { historyFile, readHistory } from '../record/index.js';

export async function runToRunFromHistory(current: ComparableRecord, resultsDir: string): Promise<CompareOptions['runToRun']> {
  const entries = await readHistory(historyFile(current.scenario.name, resultsDir), { missingOk: true }).catch(() => []);
  if (entries.length === 0) return undefined;
  const like = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version };
  return (row) => runToRunSpread(entries, row, like);
}

/** What compare learns from the history: the run-to-run spread, and whether disturbance is the machine's usual state. */
export async function historyForCompare(current: ComparableRecord, resultsDir: string): Promise<Pick<CompareOptions, 'runToRun' | 'usualNoise'>> {
  const entries = await readHistory(historyFile(current.scenario.name, resultsDir), { missingOk: true }).catch(() => []);
  if (entries.length === 0) return {};
  const like = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version };
  return { runToRun: (row) => runToRunSpread(entries, row, like), usualNoise: (row) => recentDisturbance(entries, row, like, DEFAULT_HISTORY_WINDOW) };
}
