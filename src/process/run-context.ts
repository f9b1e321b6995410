/**
 * The one owner of cleanup. Every side effect of a run (a process, a key folder, a namespace, a
 * cgroup) registers its undo here the moment it succeeds; `unwind` runs them in reverse on
 * success, error and signal alike, each on its own timeout, and collects their errors.
 */
export interface Teardown {
  readonly label: string;
  readonly undo: () => Promise<void>;
  /** Bound of this step; unset: unwind's per-step bound. */
  readonly timeoutMs?: number | undefined;
}

export class RunContext {
  private readonly controller = new AbortController();
  private readonly teardowns: Teardown[] = [];
  private unwound = false;

  constructor(
    readonly runId: string,
    /** Upper bound for any child process of this run (execa timeout). */
    readonly maxRunMs: number,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the run: load stops, nothing new starts; the reason is what the user is told. */
  abort(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  get abortReason(): Error | undefined {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof Error ? reason : undefined;
  }

  /** `timeoutMs`: this step's own bound, for an undo that is slow by nature (a Kubernetes namespace with its pods). */
  defer(label: string, undo: () => Promise<void>, options: { timeoutMs?: number } = {}): void {
    if (this.unwound) throw new Error(`run ${this.runId} is already cleaned up; cannot register ${label}`);
    this.teardowns.push({ label, undo, timeoutMs: options.timeoutMs });
  }

  /** Runs every teardown once, newest first; returns the ones that failed. */
  async unwind(perStepTimeoutMs = 10_000): Promise<string[]> {
    this.unwound = true;
    const failures: string[] = [];
    while (this.teardowns.length > 0) {
      const step = this.teardowns.pop()!;
      try {
        await withTimeout(step.undo(), step.timeoutMs ?? perStepTimeoutMs, step.label);
      } catch (error) {
        failures.push(`${step.label}: ${(error as Error).message}`);
      }
    }
    return failures;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
