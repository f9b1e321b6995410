/**
 * What every export starts from: each load level's baseline and mesh, with the merged histogram of
 * their valid measured trials and the load figures summed over those trials.
 */
import type { ResultRecord, TrialRecord } from '../../record/index.js';
import type { LatencyHistogram } from '../../stats/index.js';
import { levelsOf, measuredTrials, mergedHistogram, type Level } from '../model.js';

export interface LevelVariant extends Level {
  readonly variant: TrialRecord['variant'];
  readonly trials: readonly TrialRecord[];
  readonly histogram: LatencyHistogram;
  readonly durationS: number;
  readonly achievedRps: number;
  readonly connections: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly sent: number;
}

/** Every (level, variant) with at least one valid measured trial. Call `release` when done. */
export function levelVariants(record: ResultRecord): LevelVariant[] {
  return levelsOf(record).flatMap((level) =>
    (['baseline', 'mesh'] as const).flatMap((variant) => {
      const trials = measuredTrials(record, level, variant);
      const histogram = mergedHistogram(trials);
      if (histogram === null) return [];
      const durationS = trials.reduce((s, t) => s + t.load.durationS, 0);
      const completed = trials.reduce((s, t) => s + t.load.completed, 0);
      const statusCounts: Record<string, number> = {};
      for (const t of trials) for (const [code, n] of Object.entries(t.load.statusCounts)) statusCounts[code] = (statusCounts[code] ?? 0) + n;
      return [
        {
          ...level,
          variant,
          trials,
          histogram,
          durationS,
          achievedRps: durationS > 0 ? completed / durationS : 0,
          connections: trials[0]?.load.connectionsOpened ?? 0,
          statusCounts,
          errors: trials.reduce((s, t) => s + t.load.errors, 0),
          sent: trials.reduce((s, t) => s + t.load.sent, 0),
        },
      ];
    }),
  );
}

export function release(variants: readonly LevelVariant[]): void {
  for (const v of variants) v.histogram.destroy();
}

/** A label naming the level and variant: `mtls-strict dedicated 500rps mesh` (+ ` churn10`). */
export function variantLabel(record: ResultRecord, v: Pick<LevelVariant, 'profile' | 'rateRps' | 'newConnectionEvery' | 'variant'>): string {
  return [record.scenario.name, v.profile, `${v.rateRps}rps`, ...(v.newConnectionEvery > 0 ? [`churn${v.newConnectionEvery}`] : []), v.variant].join(' ');
}

/** A file name for the same: `dedicated-500rps-mesh`. */
export function variantFileStem(v: Pick<LevelVariant, 'profile' | 'rateRps' | 'newConnectionEvery' | 'variant'>): string {
  return [v.profile, `${v.rateRps}rps`, ...(v.newConnectionEvery > 0 ? [`churn${v.newConnectionEvery}`] : []), v.variant].join('-').replace(/[^A-Za-z0-9._-]/g, '_');
}
