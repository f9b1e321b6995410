/**
 * The comparison as JUnit XML, the form CI systems show as tests: one testcase per compared row,
 * a <failure> per regression, <skipped> for rows that could not be judged (noisy, can't tell).
 */
import type { ComparedRow, Comparison } from '../../compare/index.js';
import { change, level, pLabel, pValue, us, VERDICT_WORDS } from './format.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 cannot carry. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderComparisonJunit(c: Comparison): string {
  const failures = c.rows.filter((r) => r.verdict === 'regression').length;
  const skipped = c.rows.filter((r) => r.verdict === 'noisy' || r.verdict === 'cant-tell').length;
  const suite = `meshtax.compare.${c.scenario}`;
  const counts = `tests="${c.rows.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="meshtax compare" ${counts} time="0">`);
  out.push(`  <testsuite name="${xmlEscape(suite)}" ${counts} time="0" timestamp="${xmlEscape(c.current.startedAt.replace(/Z$/, ''))}">`);
  out.push('    <properties>');
  for (const [name, value] of [
    ['baseline', c.baseline.runId],
    ['current', c.current.runId],
    ['envoy', c.current.envoyVersion],
    ['environment', c.current.environment],
    ['verdict', c.verdict],
    ['test', c.settings.test],
  ] as const) {
    out.push(`      <property name="${name}" value="${xmlEscape(value)}"/>`);
  }
  out.push('    </properties>');
  for (const row of c.rows) out.push(...testcase(suite, row));
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function testcase(suite: string, r: ComparedRow): string[] {
  const name = `${pLabel(r.percentile)} tax at ${level(r)}`;
  const open = `    <testcase classname="${xmlEscape(`${suite}.${r.profile}`)}" name="${xmlEscape(name)}" time="0"`;
  const details = xmlEscape(
    `baseline tax ${us(r.baselineTaxUs)} µs (${r.baselineRounds} rounds), current ${us(r.currentTaxUs)} µs (${r.currentRounds} rounds); ` +
      `change ${change(r)} µs; p = ${pValue(r.test.pValue)} (MWU ${pValue(r.test.mannWhitneyP)}, KS ${pValue(r.test.ksP)}); min effect ±${us(r.minEffectUs)} µs. ${r.reason}.` +
      (r.noise.length > 0 ? ` Disturbed: ${r.noise.join('; ')}.` : ''),
  );
  if (r.verdict === 'regression') {
    return [`${open}>`, `      <failure type="regression" message="${xmlEscape(`${VERDICT_WORDS[r.verdict]}: ${r.reason}`)}">${details}</failure>`, '    </testcase>'];
  }
  if (r.verdict === 'noisy' || r.verdict === 'cant-tell') {
    const message = r.verdict === 'noisy' ? `noisy: ${r.noise.join('; ')}` : `can't tell: ${r.reason}${r.extraRounds ? `; re-run with ${r.extraRounds} more rounds` : ''}`;
    return [`${open}>`, `      <skipped message="${xmlEscape(message)}"/>`, `      <system-out>${details}</system-out>`, '    </testcase>'];
  }
  return [`${open}>`, `      <system-out>${details}</system-out>`, '    </testcase>'];
}
