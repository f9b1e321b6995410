/**
 * One line of a scenario's history (`results/history/<scenario>.jsonl`): the summary of one run.
 * Built by compare/history.ts, stored by history-store.ts.
 */
import { z } from 'zod';

export const HISTORY_SCHEMA_VERSION = 1;

const nullableNumber = z.number().nullable();

export const HistoryEntrySchema = z.object({
  schemaVersion: z.literal(HISTORY_SCHEMA_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  scenario: z.string(),
  state: z.enum(['completed', 'partial']),
  envoyVersion: z.string(),
  fidelity: z.enum(['full', 'reduced']),
  /** describeFingerprint(fingerprint(record)): a change of machine shows up in the history. */
  environment: z.string(),
  quick: z.boolean(),
  rounds: z.number().int(),
  /** Of the rows' intervals (a run that stopped at a look has its looks' confidence); lines written before it was kept: 0.95. */
  confidence: z.number().gt(0).lt(1).default(0.95),
  rows: z.array(
    z.object({
      profile: z.string(),
      rateRps: z.number(),
      newConnectionEvery: z.number().int().default(0),
      percentile: z.number(),
      taxUs: nullableNumber,
      ciUs: z.tuple([nullableNumber, nullableNumber]),
      rounds: z.number().int(),
      /** The baseline's own latency at this percentile, µs (the machine's speed that night); absent in lines written before it was kept. */
      baselineUs: nullableNumber.optional(),
      /** The night was disturbed at this level: left out of change-point detection. */
      noisy: z.boolean(),
    }),
  ),
  /** Why levels were noisy, per level. */
  disturbances: z.array(z.object({ profile: z.string(), rateRps: z.number(), newConnectionEvery: z.number().int().default(0), reasons: z.array(z.string()) })),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;
