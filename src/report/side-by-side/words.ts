/** The side-by-side table's cells in words, shared by the terminal, Markdown and HTML forms. */
import { ciText, confidenceText, pLabel, rpsText, signedWholeUs } from '../format.js';
import { explainFlag } from '../words.js';
import type { SideBySide, SideBySideRow, Versus } from './model.js';
import type { SidecarSetup } from './sidecars.js';

/** The columns of the one table, in order. */
export function headerCells(s: SideBySide, withLevel: boolean): string[] {
  const ci = confidenceText(s.confidence);
  return ['Scenario', 'Sidecars', ...(withLevel ? ['Level'] : []), 'Percentile', `Tax µs [${ci} CI]`, 'Verdict', `vs ${s.scenarios[0]!.label}: difference µs [${ci} CI]`, 'Sidecar CPU per 1000 rps'];
}

/**
 * The rows as cells; the scenario, its sidecars and CPU only on the first row of each scenario and
 * level (`full` sidecar text for Markdown/HTML, the short one for the terminal).
 */
export function rowCells(s: SideBySide, full: boolean): { cells: string[]; firstOfGroup: boolean; row: SideBySideRow }[] {
  const withLevel = hasSeveralLevels(s);
  let group = '';
  return s.rows.map((row) => {
    const key = `${row.label}\u0000${levelText(row)}`;
    const firstOfGroup = key !== group;
    group = key;
    const setup = s.scenarios.find((e) => e.label === row.label)!.sidecars;
    const cells = [
      firstOfGroup ? row.label : '',
      firstOfGroup ? (full ? sidecarSetupText(setup) : shortSetupText(setup)) : '',
      ...(withLevel ? [firstOfGroup ? levelText(row) : ''] : []),
      pLabel(row.percentile),
      `${signedWholeUs(row.taxUs)} ${ciText(row.ciUs)}`,
      `${row.verdict}${row.flags.length > 0 ? ' !' : ''}`,
      versusText(row.versusFirst),
      firstOfGroup ? cpuText(row.sidecarMillicoresPer1000Rps) : '',
    ];
    return { cells, firstOfGroup, row };
  });
}

export const hasSeveralLevels = (s: SideBySide): boolean => new Set(s.rows.map(levelText)).size > 1;

export const levelText = (r: { profile: string; rateRps: number; newConnectionEvery: number }): string =>
  `${r.profile} @ ${rpsText(r.rateRps)}${r.newConnectionEvery > 0 ? `, new connection every ${r.newConnectionEvery}` : ''}`;

const cpuText = (m: number | null): string => (m === null ? 'not measured' : `${Math.round(m)} millicores`);

/** `+850 [+600, +1100] higher (own intervals apart)`; `— (the reference)` on the first scenario. */
export function versusText(v: Versus | null): string {
  const { figure, reading } = versusParts(v);
  return reading === '' ? figure : `${figure} ${reading}`;
}

/** The difference as a figure (`+850 [+600, +1100]`) and its reading in words (`higher (own intervals apart)`). */
export function versusParts(v: Versus | null): { figure: string; reading: string } {
  if (v === null) return { figure: '—', reading: '(the reference)' };
  if (v.reading === 'no-match') return { figure: '—', reading: 'not measured by the first' };
  if (v.reading === 'unknown') return { figure: signedWholeUs(v.changeUs), reading: '(no interval: too few rounds)' };
  const overlap = v.intervalsOverlap === null ? '' : v.intervalsOverlap ? ' (own intervals overlap)' : ' (own intervals apart)';
  const word = v.reading === 'cannot-tell' ? 'cannot tell' : v.reading;
  return { figure: `${signedWholeUs(v.changeUs)} ${ciText(v.ciUs)}`, reading: `${word}${overlap}` };
}

/** `Istio layout, iptables (Istio REDIRECT), 2 workers, mTLS STRICT, no access log, tracing 1% to Zipkin (both sidecars), no RBAC`. */
export function sidecarSetupText(s: SidecarSetup): string {
  const policy = s.policyUnknown === undefined ? `${s.mtls}; ${s.telemetry}; ${s.authorization}` : `mesh policy unknown (${s.policyUnknown})`;
  return `${s.layout}; interception ${s.interception}; ${workers(s.concurrency)}; ${policy}`;
}

/** `Istio, iptables, 2 workers, trace 1%` — for the terminal. */
export function shortSetupText(s: SidecarSetup): string {
  const tracing = /tracing ([\d.]+%)/.exec(s.telemetry)?.[1];
  const telemetry = [s.telemetry.includes('access log') && !s.telemetry.includes('no access log') ? 'access log' : '', tracing ? `trace ${tracing}` : '', s.telemetry.includes('metrics off') ? 'metrics off' : ''].filter((x) => x !== '');
  return [s.layout === 'Istio layout' ? 'Istio' : 'minimal', s.interception.startsWith('iptables (') ? 'iptables' : s.interception === 'none' ? 'no capture' : 'capture NOT applied', workers(s.concurrency), ...(s.policyUnknown === undefined ? telemetry : ['policy ?']), ...(s.authorization.startsWith('RBAC') ? ['RBAC'] : [])].join(', ');
}

const workers = (n: number) => `${n} worker${n === 1 ? '' : 's'}`;

/** The flags of every row, per scenario, for the notes under the table. */
export function flagNotes(s: SideBySide): string[] {
  return s.rows.filter((r) => r.flags.length > 0).map((r) => `${r.label}${hasSeveralLevels(s) ? ` (${levelText(r)})` : ''} ${pLabel(r.percentile)}: ${r.flags.map(explainFlag).join('; ')}`);
}

/** Whether the run-to-run variance entered any interval; said under the table. */
export function runToRunNote(s: SideBySide): string {
  const compared = s.rows.filter((r) => r.versusFirst !== null && r.versusFirst.reading !== 'no-match');
  const known = compared.filter((r) => r.versusFirst!.runToRunSdUs !== null).length;
  if (compared.length === 0) return '';
  if (known === 0) return 'No history of these scenarios on this machine: the run-to-run variance is unknown for every difference, taken as 0 — its intervals are too narrow.';
  if (known < compared.length) return `The run-to-run variance came from the history for ${known} of ${compared.length} differences; for the others it is unknown, taken as 0.`;
  return 'Every difference’s interval includes the run-to-run variance from the scenarios’ history on this machine.';
}
