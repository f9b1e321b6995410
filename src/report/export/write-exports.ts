/**
 * The exports the field's tools read, written beside the report: `fortio/<level>-<variant>.json`
 * (Fortio's report UI), `<level>-<variant>.hgrm` (HdrHistogram spectra), `istio-perf.csv`
 * (Istio's perf benchmark columns) and `metrics.prom` (OpenMetrics text).
 */
import path from 'node:path';
import type { ResultRecord } from '../../record/index.js';
import { toFortio } from './fortio.js';
import { toHgrm } from './hgrm.js';
import { toIstioPerfCsv } from './istio-perf-csv.js';
import { levelVariants, release, variantFileStem } from './level-variants.js';
import { toOpenMetrics } from './openmetrics.js';

export type Put = (name: string, content: string) => Promise<void>;

export async function writeExports(record: ResultRecord, put: Put): Promise<void> {
  const variants = levelVariants(record);
  try {
    for (const v of variants) {
      const stem = variantFileStem(v);
      await put(path.join('fortio', `${stem}.json`), `${JSON.stringify(toFortio(record, v), null, 1)}\n`);
      await put(path.join('hgrm', `${stem}.hgrm`), toHgrm(v.histogram));
    }
    await put('istio-perf.csv', toIstioPerfCsv(record, variants));
    await put('metrics.prom', toOpenMetrics(record));
  } finally {
    release(variants);
  }
}
