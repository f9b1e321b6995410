/** The terminal table: the verdict first, then per profile and load level the tax with its CI. */
import { disturbance, limitsFor } from '../compare/index.js';
import { RegressionSchema, type RegressionSettings } from '../config/index.js';
import type { ResultRecord } from '../record/schema.js';
import { capacityTerminalLines } from './capacity/terminal.js';
import { confidenceText, textTable } from './format.js';
import { dataPlaneTerminalLines } from './data-planes/terminal.js';
import { stoppingLines } from './stopping.js';
import { explainFlag, shownFlags } from './words.js';

const us = (x: number | null) => (x === null ? '?' : `${Math.round(x)}`);
const signed = (x: number | null) => (x === null ? '?' : `${x >= 0 ? '+' : ''}${Math.round(x)}`);
const ci = (c: readonly [number | null, number | null]) => (c[0] === null || c[1] === null ? '[unknown]' : `[${signed(c[0])}, ${signed(c[1])}]`);
const pLabel = (p: number) => `p${p}`;

/** The run's tables: the first column (a label) on the left, the figures on the right. */
const table = (header: string[], rows: string[][]): string => textTable(header, rows, 1);

/** Which machine figures make a level's taxes say more about the host than about the mesh (the config's `regression` limits). */
export type NoiseSettings = Pick<RegressionSettings, 'noiseLimits' | 'profileNoiseLimits'>;
const DEFAULT_NOISE_SETTINGS: NoiseSettings = RegressionSchema.parse({});

export function renderTerminal(record: ResultRecord, noise: NoiseSettings = DEFAULT_NOISE_SETTINGS): string {
  const out: string[] = [];
  let disturbedLevels = 0;
  out.push(`meshtax ${record.tool.version} — scenario ${record.scenario.name}: ${record.scenario.description}`);
  out.push(`Envoy ${record.envoy.version}; ${record.fidelity.level} fidelity (${record.fidelity.reason})`);
  if (record.state === 'partial') out.push(`PARTIAL RUN: ${record.partialReason ?? 'stopped early'} — figures below cover only what was measured.`);
  for (const level of record.levels) {
    const rows = record.summary.filter((r) => r.profile === level.profile && r.rateRps === level.rateRps && r.newConnectionEvery === level.newConnectionEvery);
    const churn = level.newConnectionEvery > 0 ? `, a new connection every ${level.newConnectionEvery} requests` : '';
    const offered = (level.offeredRps === null ? 'closed loop' : `offered ${level.offeredRps} rps`) + churn;
    out.push('');
    out.push(`Profile ${level.profile}, ${offered}; achieved baseline ${level.baselineAchievedRps.toFixed(0)} rps, mesh ${level.meshAchievedRps.toFixed(0)} rps; ${level.validTrials} valid trials${level.invalidTrials ? `, ${level.invalidTrials} INVALID` : ''}`);
    out.push(
      textTable(
        ['percentile', 'baseline µs', 'mesh µs', 'tax µs', `${confidenceText(record.settings.confidence)} CI µs`, 'noise floor µs', 'verdict'],
        rows.map((r) => [pLabel(r.percentile), us(r.baselineUs), us(r.meshUs), signed(r.taxUs), ci(r.ciUs), r.noiseFloorUs === null ? '?' : `±${us(r.noiseFloorUs)}`, r.verdict + (record.settings.verdictPercentiles.includes(r.percentile) ? '' : '*')]),
        1,
      ),
    );
    for (const r of rows.filter((row) => shownFlags(row).length > 0)) out.push(`  ! ${pLabel(r.percentile)}: ${shownFlags(r).map(explainFlag).join('; ')}`);
    for (const reason of level.invalidReasons) out.push(`  ! invalid trial: ${reason}`);
    const disturbed = disturbance(record, level, limitsFor(level.profile, noise));
    if (disturbed.reasons.length > 0) {
      disturbedLevels += 1;
      out.push(`  ! disturbed machine: ${disturbed.reasons.join('; ')} — these taxes include the host's contention; re-run on a quiet machine before acting on them`);
    }
  }
  for (const probes of record.probes) out.push(...probeLines(probes, record.profiles.find((p) => p.profile === probes.profile)));
  for (const setup of record.connectionSetupTax.filter((s) => s.percentile === 50 || s.percentile === 99)) {
    out.push(`Connection-setup tax [${setup.profile}, ${setup.rateRps} rps, new connection every ${setup.newConnectionEvery}] ${pLabel(setup.percentile)}: ${signed(setup.extraTaxUs)} µs ${ci(setup.ciUs)} over keep-alive`);
  }
  out.push(...dataPlaneTerminalLines(record, table));
  for (const check of record.checks) out.push(`${check.passed ? '✓' : '✗'} ${check.name}: ${check.detail}`);
  if (record.capacity) out.push(...capacityTerminalLines(record.capacity, record.settings.confidence, table));
  out.push('', ...stoppingLines(record));
  const informational = record.settings.percentiles.filter((p) => !record.settings.verdictPercentiles.includes(p));
  if (informational.length) out.push(`* ${informational.map(pLabel).join(', ')}: reported, not part of the run's verdict (see settings.verdictPercentiles).`);
  out.push(`Verdict: ${record.verdict} against a budget of ${record.budgetUs} µs (tax = mesh − baseline at each percentile of the merged histograms; PASS when the CI's upper end is within budget).${disturbedLevels > 0 ? ` Measured on a disturbed machine: see the "disturbed machine" lines.` : ''}`);
  return out.join('\n');
}

const num = (x: number | null, unit: string, digits = 1) => (x === null ? 'n/a' : `${x.toFixed(digits)}${unit}`);

function probeLines(p: ResultRecord['probes'][number], setup: ResultRecord['profiles'][number] | undefined): string[] {
  return [
    ...(setup ? [`Profile ${setup.profile} (${setup.kind}): client CPUs ${setup.clientCpus}, server CPUs ${setup.serverCpus}${setup.quotaPct !== null ? `, server quota ${setup.quotaPct}% of a CPU` : ''}${setup.neighbourCpus !== null ? `, noisy neighbour ${setup.neighbourDutyPct}% on CPUs ${setup.neighbourCpus}` : ''}; ${setup.fidelity.level} fidelity`] : []),
    `Machine during ${p.profile}: steal ${num(p.stealPctMean, '%')} (max ${num(p.stealPctMax, '%')}), CPU pressure ${num(p.cpuPressurePct, '%')}, server node throttled ${num(p.throttledPct, '% of periods')}, disk await p99 ${num(p.diskAwaitP99Ms, ' ms')}, fdatasync p99 ${num(p.fdatasyncP99Ms, ' ms')}`,
    `${setup?.dataPlane === 'ambient' ? 'ztunnel' : 'Sidecar'} cost during ${p.profile}: ${num(p.sidecarMillicoresPer1000Rps, ' millicores', 0)} per 1000 rps (client + server ${setup?.dataPlane === 'ambient' ? 'ztunnel' : 'Envoy'}), ${num(p.sidecarRssMiB, ' MiB')} RSS per ${setup?.dataPlane === 'ambient' ? 'ztunnel' : 'sidecar'}; meshtax itself (probes included) used ${num(p.harnessCpuPctOfCore, '% of a core', 2)}`,
  ];
}
