/**
 * The record on disk while a run is going: written when the run starts and again after every
 * trial, atomically, marked partial ("in progress"), so a harness killed outright (kill -9, OOM,
 * a lost machine) keeps every trial measured before it. The final record replaces it.
 */
import { writeRecord, type ResultRecord } from '../record/index.js';
import type { RecordParts } from './record-builder.js';
import { buildRecord } from './record-builder.js';

/** What a checkpoint says until the final record replaces it. */
export const IN_PROGRESS = 'the run was still in progress: the harness stopped before it finished (killed outright, or the machine went down); the trials measured until then are kept';

/** Fewer resamples keep a checkpoint cheap; its settings say how many it used. */
const CHECKPOINT_RESAMPLES = 500;

export class Checkpoints {
  private writing: Promise<void> = Promise.resolve();
  private pending = false;
  private closed = false;
  private warned = false;

  constructor(
    private readonly parts: () => Promise<RecordParts>,
    private readonly warn: (message: string) => void,
  ) {}

  /** Asks for a checkpoint; at most one write runs at a time, and the newest state wins. */
  request(): void {
    if (this.closed || this.pending) return;
    this.pending = true;
    this.writing = this.writing.then(() => this.write());
  }

  /** Waits for the last checkpoint and stops taking new ones (the final record comes next). */
  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
  }

  private async write(): Promise<void> {
    this.pending = false;
    if (this.closed) return;
    try {
      const parts = await this.parts();
      await writeRecord(parts.run.resultsDir, checkpointRecord(parts));
    } catch (error) {
      if (!this.warned) this.warn(`Could not write the in-progress record (${(error as Error).message}); the run goes on, the final record is written at the end.`);
      this.warned = true;
    }
  }
}

export function checkpointRecord(parts: RecordParts): ResultRecord {
  const { run } = parts;
  const resamples = Math.min(run.config.bootstrapResamples, CHECKPOINT_RESAMPLES);
  return buildRecord({ ...parts, run: { ...run, config: { ...run.config, bootstrapResamples: resamples } }, failure: Object.assign(new Error(IN_PROGRESS), { name: 'Checkpoint' }) });
}
