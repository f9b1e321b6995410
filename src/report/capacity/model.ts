/** What the capacity forms read from a record: the rows at the capacity, and the chart's points. */
import { rpsText } from '../format.js';
import type { CapacityLevel, CapacityProfile, CapacityReport, ResultRecord } from '../../record/schema.js';
import { OUTCOME_TEXT } from './words.js';

/**
 * The record as its verdict sees it: only the summary rows at each profile's capacity (all rows
 * of a profile where no rate passed). The search goes past the budget on purpose; those levels are
 * evidence for the capacity, not part of the verdict.
 */
export function atCapacity(record: ResultRecord): ResultRecord {
  const capacity = record.capacity;
  if (!capacity) return record;
  const counts = (r: { readonly profile: string; readonly rateRps: number }) => {
    const p = capacity.profiles.find((c) => c.profile === r.profile);
    return p === undefined || p.maxRateWithinBudgetRps === null || r.rateRps === p.maxRateWithinBudgetRps;
  };
  return { ...record, summary: record.summary.filter(counts), levels: record.levels.filter(counts) };
}

export type PointKind = 'level' | 'knee' | 'capacity';

/** One row of the capacity chart: a level tried, or a marker (knee, capacity) at a rate. */
export interface CapacityPoint {
  /** Column of the chart: node profile, or machine · profile in a comparison. */
  readonly profile: string;
  readonly kind: PointKind;
  readonly rateRps: number;
  readonly taxUs: number | null;
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly meshUs: number | null;
  readonly result: string;
  readonly phase: string;
  readonly label: string;
}

/** The levels and markers of one profile, under `column` (default: the profile's name). */
export function capacityPoints(p: CapacityProfile, column = p.profile): CapacityPoint[] {
  const levels = p.levels.map((l) => levelPoint(l, column));
  const marker = (kind: PointKind, rateRps: number | null, label: string): CapacityPoint[] =>
    rateRps === null ? [] : [{ profile: column, kind, rateRps, taxUs: null, ciLo: null, ciHi: null, meshUs: null, result: '', phase: '', label }];
  return [
    ...levels,
    ...marker('knee', p.kneeRps, p.kneeRps === null ? '' : `knee ${rpsText(p.kneeRps)}`),
    ...marker('capacity', p.maxRateWithinBudgetRps, p.maxRateWithinBudgetRps === null ? '' : `capacity ${rpsText(p.maxRateWithinBudgetRps)}`),
  ];
}

function levelPoint(l: CapacityLevel, column: string): CapacityPoint {
  return { profile: column, kind: 'level', rateRps: l.rateRps, taxUs: l.taxUs, ciLo: l.ciUs[0], ciHi: l.ciUs[1], meshUs: l.meshUs, result: OUTCOME_TEXT[l.outcome], phase: l.phase, label: l.reason };
}

export const allCapacityPoints = (capacity: CapacityReport): CapacityPoint[] => capacity.profiles.flatMap((p) => capacityPoints(p));
