import { z } from 'zod';

/**
 * A loose schema for any `ProbeSeries`, for the result record to embed and validate on read.
 * Samples are checked only for `tMs`; their other fields differ per probe and pass through.
 */
export const ProbeSeriesSchema = z.object({
  name: z.string(),
  intervalMs: z.number().nonnegative(),
  samples: z.array(z.looseObject({ tMs: z.number() })),
  summary: z.record(z.string(), z.number().nullable()),
  available: z.boolean().optional(),
  note: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
