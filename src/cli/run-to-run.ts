/**
 * Where compare learns how much runs differ from each other: the history of comparable nights of
 * the scenario (same machine fingerprint and Envoy), when there is one beside the results.
 */
import { describeFingerprint, fingerprint, runToRunSpread, type CompareOptions, type ComparableRecord } from '../compare/index.js';
import { historyFile, readHistory } from '../record/index.js';

export async function runToRunFromHistory(current: ComparableRecord, resultsDir: string): Promise<CompareOptions['runToRun']> {
  const entries = await readHistory(historyFile(current.scenario.name, resultsDir), { missingOk: true }).catch(() => []);
  if (entries.length === 0) return undefined;
  const like = { environment: describeFingerprint(fingerprint(current)), envoyVersion: current.envoy.version };
  return (row) => runToRunSpread(entries, row, like);
}
