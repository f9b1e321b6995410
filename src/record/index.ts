/**
 * record — the result-file contract: the record's schema (versioned, raw histograms kept), reading
 * it back with errors naming the field, atomic writes, and the per-scenario history store.
 */
export * from './schema.js';
export { parseRecord, readRecord, describeIssues } from './read.js';
export { recordFile, writeRecord } from './write.js';
export { writeFileAtomic } from './atomic-file.js';
export { HistoryEntrySchema, HISTORY_SCHEMA_VERSION, type HistoryEntry } from './history-entry.js';
export { appendHistoryEntry, historyFile, parseHistory, readHistory, readHistoryFile, type HistoryRead } from './history-store.js';
export { withFileLock } from './file-lock.js';
