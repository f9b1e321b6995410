/** The capacity section of the terminal output: per profile the levels tried, the capacity, and the answer. */
import { ciText, pLabel, signedWholeUs, wholeUs } from '../format.js';
import type { CapacityProfile, CapacityReport } from '../../record/schema.js';
import { dataPlaneCapacityTables } from './data-planes.js';
import { capacityText, criteriaText, kneeText, nodesText, levelResultText, perMillionText, sidecarCpuText, sidecarMemoryText } from './words.js';

type Table = (header: string[], rows: string[][]) => string;

export function capacityTerminalLines(capacity: CapacityReport, confidence: number, table: Table): string[] {
  const p = pLabel(capacity.search.percentile);
  const out = ['', `Capacity planning. ${criteriaText(capacity, confidence)}`];
  for (const profile of capacity.profiles) {
    out.push('', `Profile ${profile.profile}: levels tried`);
    out.push(table(['offered rps', 'step', 's/trial', 'mesh achieved', `${p} baseline µs`, `${p} mesh µs`, `${p} tax µs`, 'CI µs', 'errors', 'result'], profile.levels.map(levelRow)));
    out.push(summaryLine(profile), `  ${profile.recommendation}`);
  }
  for (const t of dataPlaneCapacityTables(capacity)) {
    out.push('', `Node profile ${t.profile}: sidecars or ambient`);
    out.push(table(['', 'sidecars (Envoy)', 'ambient (ztunnel)'], t.rows.map((r) => [r.label, r.sidecar, r.ambient])));
  }
  out.push('', `Recommendation: ${capacity.recommendation}`, 'The verdict below is the one at each profile’s capacity (the search goes past the budget on purpose).');
  return out;
}

function levelRow(l: CapacityProfile['levels'][number]): string[] {
  return [`${l.rateRps}`, l.phase, `${l.trialSeconds}`, `${Math.round(l.meshAchievedRps)}`, wholeUs(l.baselineUs), wholeUs(l.meshUs), signedWholeUs(l.taxUs), ciText(l.ciUs), `${l.errorPct.toFixed(2)}%`, levelResultText(l)];
}

function summaryLine(p: CapacityProfile): string {
  return (
    `  → capacity ${capacityText(p)}; knee ${kneeText(p)}; ${p.dataPlane === 'ambient' ? 'ztunnels' : 'sidecars'} ${sidecarCpuText(p)} per 1000 rps, ${sidecarMemoryText(p)} each; ` +
    `nodes ${nodesText(p)}; per million requests ${perMillionText(p.cost)}${p.cost.note ? ` (${p.cost.note})` : ''}`
  );
}
