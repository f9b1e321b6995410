import { expect, it } from 'vitest';
import { DEFAULT_REGRESSION } from '../../config/schema.js';
import { compareRecords } from '../../compare/index.js';
import { fabricateRecord } from '../../testing/fabricate-record.js';
import { renderComparisonMarkdown } from './markdown.js';

it('leads the job summary with the verdict, then one table row per compared row and what to do', () => {
  const baseline = fabricateRecord({ seed: 91, samplesPerTrial: 400 });
  const current = fabricateRecord({ seed: 92, samplesPerTrial: 400, extraMeshUs: 120 });
  const md = renderComparisonMarkdown(compareRecords(baseline, current, { regression: DEFAULT_REGRESSION, permutations: 1000 }));
  const lines = md.split('\n');
  expect(lines[0]).toBe('### meshtax compare — `mtls-strict`: 🔴 REGRESSION');
  expect(lines.filter((l) => /^\| dedicated \| 500 rps \| p(50|90|99) \|/.test(l))).toHaveLength(3);
  expect(md).toMatch(/- Regression at dedicated @ 500 rps p50: the tax grew by \d+ µs/);
  expect(md).toMatch(/Mann-Whitney U, Kolmogorov-Smirnov/);
});
