import type { RoundSpectra } from './merged-tax.js';
import type { LatencySpectrum } from './spectrum.js';
import type { Variant } from './types.js';

/**
 * One measured trial as the merged-histogram statistic sees it. `latency` is null for a trial that
 * was dropped (invalid); a trial counted despite failed requests carries them in its spectrum.
 */
export interface TrialSpectrum {
  readonly round: number;
  readonly variant: Variant;
  readonly slot: 0 | 1;
  readonly valid: boolean;
  readonly latency: LatencySpectrum | null;
}

/** The counts of several spectra added together. */
export function mergeSpectra(spectra: readonly LatencySpectrum[]): LatencySpectrum {
  if (spectra.length === 1) return spectra[0]!;
  const byValue = new Map<number, number>();
  for (const s of spectra) s.valuesUs.forEach((v, i) => byValue.set(v, (byValue.get(v) ?? 0) + s.counts[i]!));
  const values = [...byValue.keys()].sort((a, b) => a - b);
  return { valuesUs: Float64Array.from(values), counts: Float64Array.from(values, (v) => byValue.get(v)!) };
}

const usable = (t: TrialSpectrum): t is TrialSpectrum & { latency: LatencySpectrum } => t.valid && t.latency !== null;

/**
 * Per round (ascending), each side's valid trials merged; a round without a valid trial of either
 * side is left out. Retried trials (the same round, variant and slot twice) all count if valid.
 */
export function roundSpectra(trials: readonly TrialSpectrum[]): RoundSpectra[] {
  const rounds = [...new Set(trials.map((t) => t.round))].sort((a, b) => a - b);
  return rounds.flatMap((round) => {
    const of = (variant: Variant) => trials.filter((t) => t.round === round && t.variant === variant && usable(t)).map((t) => t.latency!);
    const baseline = of('baseline');
    const mesh = of('mesh');
    return baseline.length > 0 && mesh.length > 0 ? [{ round, baseline: mergeSpectra(baseline), mesh: mergeSpectra(mesh) }] : [];
  });
}

/** A/A: per round with both baseline slots valid, slot 0 as "baseline" against slot 1 as "mesh". */
export function aaRoundSpectra(trials: readonly TrialSpectrum[]): RoundSpectra[] {
  const rounds = [...new Set(trials.map((t) => t.round))].sort((a, b) => a - b);
  return rounds.flatMap((round) => {
    const slot = (s: 0 | 1) => trials.find((t) => t.round === round && t.variant === 'baseline' && t.slot === s && usable(t))?.latency;
    const first = slot(0);
    const last = slot(1);
    return first && last ? [{ round, baseline: first, mesh: last }] : [];
  });
}
