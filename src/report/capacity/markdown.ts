/** The capacity section of the Markdown report: the answer, a row per profile, the levels tried. */
import { ciText, pLabel, rpsText, signedWholeUs, wholeUs } from '../format.js';
import type { CapacityProfile, CapacityReport } from '../../record/schema.js';
import { DATA_PLANE_CAPACITY_NOTE, dataPlaneCapacityTables } from './data-planes.js';
import { capacityText, criteriaText, proxyHeaders, firstOverBudgetText, kneeText, nodesText, levelResultText, perMillionText, sidecarCpuText, sidecarMemoryText } from './words.js';

/** Text safe inside a table cell. */
export const mdCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

export function capacityMarkdown(capacity: CapacityReport, confidence: number): string[] {
  return [
    '### Capacity',
    '',
    `**${capacity.recommendation}**`,
    '',
    ...overviewMarkdown(capacity.profiles),
    criteriaText(capacity, confidence),
    '',
    ...dataPlanesMarkdown(capacity),
    ...capacity.profiles.flatMap((p) => levelsMarkdown(p, capacity.search.percentile)),
  ];
}

export function overviewMarkdown(profiles: readonly CapacityProfile[], label = 'Node profile'): string[] {
  const [cpu, memory] = proxyHeaders(profiles);
  return [
    `| ${label} | Highest rate within budget | Knee of the latency curve | Lowest rate over budget | ${cpu} | ${memory} | Nodes needed | Cost per million requests |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...profiles.map((p) => `| ${mdCell(p.profile)} | **${capacityText(p)}** | ${kneeText(p)} | ${firstOverBudgetText(p)} | ${sidecarCpuText(p)} | ${sidecarMemoryText(p)} | ${mdCell(nodesText(p))} | ${perMillionText(p.cost)} |`),
    '',
  ];
}

function levelsMarkdown(p: CapacityProfile, percentile: number): string[] {
  const pl = pLabel(percentile);
  return [
    `<details><summary>${mdCell(p.profile)}: ${p.levels.length} levels tried</summary>`,
    '',
    `| Offered | Step | Trial | Mesh achieved | ${pl} baseline µs | ${pl} mesh µs | ${pl} tax µs | CI µs | Errors | Result |`,
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...p.levels.map((l) => `| ${rpsText(l.rateRps)} | ${l.phase} | ${l.trialSeconds} s | ${rpsText(l.meshAchievedRps)} | ${wholeUs(l.baselineUs)} | ${wholeUs(l.meshUs)} | ${signedWholeUs(l.taxUs)} | ${ciText(l.ciUs)} | ${l.errorPct.toFixed(2)}% | ${levelResultText(l)} |`),
    '',
    mdCell(p.recommendation),
    '',
    '</details>',
    '',
  ];
}

/** Sidecars or ambient, per node profile searched with both. */
function dataPlanesMarkdown(capacity: CapacityReport): string[] {
  const tables = dataPlaneCapacityTables(capacity);
  if (tables.length === 0) return [];
  return [
    '#### Sidecars or ambient',
    '',
    ...tables.flatMap((t) => [
      `| ${mdCell(t.profile)} | Sidecars (Envoy) | Ambient (ztunnel) |`,
      '| --- | ---: | ---: |',
      ...t.rows.map((r) => `| ${mdCell(r.label)} | ${mdCell(r.sidecar)} | ${mdCell(r.ambient)} |`),
      '',
      mdCell(t.recommendation),
      '',
    ]),
    DATA_PLANE_CAPACITY_NOTE,
    '',
  ];
}
