/**
 * Telemetry is verified, not assumed: the trace collector received spans (at 100% sampling, at
 * least one per two mesh requests, since the last batch may still be in a sidecar's buffer), and
 * every sidecar that logs wrote access log lines.
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TelemetryPolicy } from '../../scenario/index.js';
import type { Deployment } from '../../targets/index.js';
import type { Check, TrialRecord } from '../../record/schema.js';

/** Envoy's Zipkin tracer flushes every 5 s (or every 5 spans): wait for one flush, bounded. */
const FLUSH_WAIT_MS = 6_000;

export async function telemetryChecks(deployment: Deployment, telemetry: TelemetryPolicy | undefined, trials: readonly TrialRecord[]): Promise<Check[]> {
  const checks: Check[] = [];
  const tracing = telemetry?.tracing;
  const collector = deployment.telemetry.collector;
  if (tracing && collector) {
    const meshRequests = trials.filter((t) => t.variant === 'mesh').reduce((n, t) => n + t.load.completed, 0);
    const expectedSpans = Math.floor(((meshRequests * tracing.samplingPct) / 100) * (tracing.scope === 'all' ? 2 : 1));
    const floor = tracing.samplingPct >= 100 ? Math.floor(meshRequests / 2) : expectedSpans >= 20 ? 1 : 0;
    let counts = await collector.counts();
    const deadline = Date.now() + FLUSH_WAIT_MS;
    while (counts.spans < Math.max(floor, 1) && Date.now() < deadline) {
      await sleep(500);
      counts = await collector.counts();
    }
    checks.push({
      name: `telemetry: the Zipkin collector received spans (${tracing.samplingPct}% sampling)`,
      passed: counts.spans >= floor && counts.rejected === 0 && (tracing.samplingPct === 0 || floor === 0 || counts.spans > 0),
      detail: `${counts.spans} spans in ${counts.posts} posts (${counts.rejected} rejected) for ${meshRequests} mesh requests; expected about ${expectedSpans}, at least ${floor}`,
    });
  }
  for (const file of deployment.telemetry.accessLogs) {
    const lines = await readFile(file, 'utf8').then((t) => t.split('\n').filter(Boolean).length, () => 0);
    checks.push({ name: `telemetry: access log written (${file.split('/').pop()})`, passed: lines > 0, detail: `${lines} lines` });
  }
  return checks;
}
