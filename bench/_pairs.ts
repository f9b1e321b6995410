import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../src/config/index.js';
import { projectRoot } from '../src/paths.js';
import { readRecord } from '../src/record/read.js';
import { compareRecords, describeFingerprint, fingerprint, historyEntry, recentDisturbance, runToRunSpread } from '../src/compare/index.js';
const { config } = await loadConfig(path.join(projectRoot, 'bench.config.ts'));
const folder = '.meshtax/false-alarms-defaults';
const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
const records = (await Promise.all(files.map((f) => readRecord(path.join(folder, f))))).filter((r) => r.state === 'completed');
for (let i = 9; i < records.length; i++) {
  const entries = records.slice(0, i).map((r) => historyEntry(r, config.regression));
  const like = { environment: describeFingerprint(fingerprint(records[i]!)), envoyVersion: records[i]!.envoy.version };
  const c = compareRecords(records[i - 1]!, records[i]!, { regression: config.regression, runToRun: (row) => runToRunSpread(entries, row, like), usualNoise: (row) => recentDisturbance(entries, row, like, 20) });
  for (const r of c.rows.filter((r) => r.percentile === Number(process.argv[2] ?? 50))) {
    console.log(`${i - 8} ${records[i - 1]!.startedAt.slice(11, 16)}→${records[i]!.startedAt.slice(11, 16)} ${r.baselineRounds}/${r.currentRounds} ${r.verdict} change ${r.changeUs?.toFixed(0)} [${r.changeCiUs.map((x) => x?.toFixed(0)).join(',')}] tau ${r.runToRunSdUs?.toFixed(1)} adj ${r.speedAdjustmentUs?.toFixed(0)} xr ${r.extraRounds}`);
  }
}
