/**
 * summary — from a run's measured trials to the record's derived sections: summary rows and
 * verdicts per level (stats applied to the trials), probe summaries per profile, and the
 * capacity report. Pure; shared by the run, compare's fixtures and tests.
 */
export { connectionSetupTaxes, countsDespiteFailures, FAILED_REQUEST_US, finiteOrNull, groupReasons, minSamplesFor, summarizeRun, summaryRowRecord, trialSpectrum, type RunSummary, type RunSummaryRow } from './rows.js';
export { summarizeProbes } from './probes.js';
export { buildCapacityReport, capacityVerdict, type CapacityLooks, type CapacityPass, type CapacityTrace } from './capacity.js';
