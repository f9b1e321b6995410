import { z } from 'zod';

export const LoadSpecSchema = z.object({
  model: z.enum(['open', 'closed']),
  protocol: z.enum(['http', 'grpc']),
  url: z.string(),
  arrival: z.enum(['uniform', 'poisson']),
  /** Offered rate for the open loop (ignored by the closed loop). */
  rateRps: z.number().positive(),
  durationS: z.number().positive(),
  connections: z.number().int().positive(),
  newConnectionEvery: z.number().int().min(0),
  timeoutMs: z.number().int().positive(),
  seed: z.number().int(),
});
export type LoadSpec = z.infer<typeof LoadSpecSchema>;

/** What a driver observed; whether the trial is valid is judged elsewhere (validity.ts). */
export const LoadResultSchema = z.object({
  model: z.enum(['open', 'closed']),
  offeredRps: z.number().nullable(),
  achievedRps: z.number(),
  durationS: z.number(),
  /** Requests scheduled in the trial window (open loop), or sent (closed loop). */
  scheduled: z.number().int(),
  sent: z.number().int(),
  completed: z.number().int(),
  errors: z.number().int(),
  timeouts: z.number().int(),
  /** Non-2xx responses count as errors too; here by status code. */
  statusCounts: z.record(z.string(), z.number().int()),
  /** Responses by the app version that answered (x-app-version). */
  versionCounts: z.record(z.string(), z.number().int()),
  /** Latency from each request's intended send time, µs, HDR compressed base64. */
  latencyHistogram: z.string(),
  /** Service time from the actual send, µs (open loop only). */
  serviceHistogram: z.string().nullable(),
  /** How late the driver sent requests against its schedule, µs. */
  scheduleLagP99Us: z.number().nullable(),
  scheduleLagMaxUs: z.number().nullable(),
  scheduleLagP50Us: z.number().nullable().optional(),
  /** Every request's schedule lag, µs, HDR compressed base64 (open loop), so the lag can be weighed against the latency it rides on. */
  scheduleLagHistogram: z.string().nullable().optional(),
  /** The connections the driver opened (churn makes this large). */
  connectionsOpened: z.number().int(),
  aborted: z.boolean(),
});
export type LoadResult = z.infer<typeof LoadResultSchema>;

export type AgentRequest = { type: 'trial'; id: number; spec: LoadSpec } | { type: 'abort' };
export type AgentReply = { type: 'result'; id: number; result: LoadResult } | { type: 'error'; id: number; message: string };
