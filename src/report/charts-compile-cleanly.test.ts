import { describe, expect, it } from 'vitest';
import { reportCharts } from './charts/index.js';
import { collectingLogger, toVega } from './charts/compile.js';
import { fixtureRecord, multiLevelRecord, sampleProbes } from '../testing/records.js';

const cases = {
  'the captured quick run': () => reportCharts(fixtureRecord()),
  'two profiles at two rates, with probes given': () => {
    const record = multiLevelRecord(['dedicated', 'shared-core'], [500, 1000]);
    return reportCharts(record, sampleProbes(record));
  },
};

describe('chart specs compile with vega-lite without a warning', () => {
  for (const [name, charts] of Object.entries(cases)) {
    it(name, () => {
      for (const chart of charts()) {
        const logger = collectingLogger();
        const vega = toVega(chart.spec, logger);
        expect(logger.messages, chart.id).toEqual([]);
        expect(vega.marks?.length ?? 0, chart.id).toBeGreaterThan(0);
      }
    });
  }
});
