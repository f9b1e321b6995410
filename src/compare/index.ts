export { compareRecords, COMPARISON_SCHEMA_VERSION, DEFAULT_COMPARE_SEED, TEST_DESCRIPTION, type CompareOptions, type ComparedRow, type Comparison, type LevelDisturbance, type RunRef } from './compare.js';
export { rankTest, DEFAULT_PERMUTATIONS, type RankTestOptions, type RankTestResult } from './rank-test.js';
export { decideRow, effectFloor, noChangeBand, type CompareVerdict, type RowDecision, type RowEvidence, type VerdictSettings } from './verdict.js';
export { describeFingerprint, environmentDifferences, fingerprint, type EnvironmentDifference, type Fingerprint } from './fingerprint.js';
export { disturbance, limitsFor, type ComparableRecord, type Disturbance, type ProbeFigures } from './noise.js';
export { DEFAULT_RECENT_NIGHTS, FAIL_ON_STEP_ALPHA, stepSearchLevel, stepsUp, type StepSeries, type StepSettings, type StepUp } from './steps.js';
export { detectChangePoints, DEFAULT_CHANGE_POINT_OPTIONS, type ChangePoint, type ChangePointOptions } from './change-points.js';
export {
  analyseHistory,
  historyEntry,
  MIN_NIGHTS_FOR_RUN_TO_RUN,
  recentDisturbance,
  runToRunSpread,
  type UsualNoise,
  type HistoryChangePoint,
  type SeriesAnalysis,
  type SeriesPoint,
} from './history.js';
export { levelKey, levelOf, recordRoundTaxes, trialSamples, type LevelKey } from './trial-samples.js';
export { runTaxes, taxChange, type Change, type RunTaxes, type RunToRun } from './merged-change.js';
export { historyOptions } from './history-options.js';
export { compareWithHistory, DEFAULT_HISTORY_WINDOW, type AgainstHistoryOptions, type HistoryComparedRow, type HistoryComparison } from './against-history.js';
export { predictTonight, MIN_NIGHTS_TO_PREDICT, MIN_NIGHTS_TO_ADJUST_FOR_SPEED, type HistoryPrediction, type Night, type PredictionMethod } from './history-prediction.js';
