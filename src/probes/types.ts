/**
 * The contract every sampler in this folder follows. A probe reads a host signal on a timer while
 * the load runs; `stop()` returns everything it saw plus a flat summary the result record embeds.
 */

/** One time series of a probe. Serialisable as JSON as it is. */
export interface ProbeSeries<S> {
  /** Unique within one trial, e.g. `cpu-steal`, `cgroup-throttling:server-node`. */
  name: string;
  /** The configured sampling interval; each sample also carries the measured interval `dtMs`. */
  intervalMs: number;
  /**
   * `tMs` is a `Date.now()` timestamp of the reading that closes the interval the sample
   * describes (interval probes) or of the operation (fdatasync).
   */
  samples: Array<{ tMs: number } & S>;
  /** Flat `key → number`, units in the key; null when there was nothing to compute it from. */
  summary: Record<string, number | null>;
  /**
   * False when the probe could not read its source at all (file absent, PSI disabled, directory
   * not writable): samples is then empty and every summary value null. Absent means true.
   */
  available?: boolean;
  /** Plain-words reason when unavailable, or a count of failed reads mid-series. */
  note?: string;
  /** What was measured, e.g. `{ cgroup: '/x', cgroupVersion: 'v1' }` or a process's role and pid. */
  labels?: Record<string, string>;
}

export interface Probe<S> {
  readonly name: string;
  /**
   * Takes the first (baseline) reading and starts the timer. An aborted `signal` halts sampling;
   * `stop()` still returns what was collected. Calling start twice throws.
   */
  start(signal?: AbortSignal): void;
  /** Halts sampling, takes a closing reading and returns the series. Idempotent. */
  stop(): Promise<ProbeSeries<S>>;
}

/** Reads a text file; injectable so samplers can be driven with fixture text in tests. */
export type ReadText = (path: string) => Promise<string>;
