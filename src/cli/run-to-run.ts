/**
 * Where compare learns how much runs differ from each other: the history of comparable nights of
 * the scenario (same machine fingerprint and Envoy), when there is one beside the results.
 */
import { historyOptions, type CompareOptions, type ComparableRecord } from '../compare/index.js';
import { historyFile, readHistory, type HistoryEntry } from '../record/index.js';

/** The scenario's nights beside the results; none when there is no history (or it cannot be read). */
export async function nightsOf(scenario: string, resultsDir: string): Promise<HistoryEntry[]> {
  return readHistory(historyFile(scenario, resultsDir), { missingOk: true }).catch(() => []);
}

export async function runToRunFromHistory(current: ComparableRecord, resultsDir: string): Promise<CompareOptions['runToRun']> {
  return historyOptions(await nightsOf(current.scenario.name, resultsDir), current).runToRun;
}

/** What compare learns from the history: the run-to-run spread, and whether disturbance is the machine's usual state. */
export async function historyForCompare(current: ComparableRecord, resultsDir: string): Promise<Pick<CompareOptions, 'runToRun' | 'usualNoise'>> {
  return historyOptions(await nightsOf(current.scenario.name, resultsDir), current);
}
