/**
 * A canary split is verified, not assumed: the share of responses each version gave (from the
 * app's version header / gRPC reply) and the client sidecar's per-cluster request counters must
 * both agree with the configured weights — Pearson's χ² goodness of fit, refuted below p = 0.001.
 */
import type { Check, TrialRecord } from '../../record/schema.js';
import type { HttpRoute, MeshPolicy } from '../../scenario/index.js';
import { outboundClusterName } from '../../sidecar/index.js';
import { chiSquareGoodnessOfFit } from '../../stats/index.js';

export const CANARY_ALPHA = 0.001;

/** The route a plain `GET /` without headers takes: the first that matches it, as Envoy picks. */
export function routeForPlainRequests(routes: readonly HttpRoute[]): HttpRoute | undefined {
  return routes.find(
    (r) => r.matches.length === 0 || r.matches.some((m) => m.headers.length === 0 && (m.uriExact === undefined ? (m.uriPrefix ?? '/') === '/' : m.uriExact === '/')),
  );
}

interface ExpectedSplit {
  /** subset name → configured weight */
  readonly weights: ReadonlyMap<string, number>;
  /** subset name → app version */
  readonly versions: ReadonlyMap<string, string>;
}

function expectedSplit(policy: MeshPolicy): ExpectedSplit | undefined {
  const route = routeForPlainRequests(policy.outbound.routes);
  if (!route || route.destinations.length < 2) return undefined;
  const versions = new Map(policy.outbound.subsets.map((s) => [s.name, s.version]));
  return { weights: new Map(route.destinations.map((d) => [d.subset, d.weight])), versions };
}

const pct = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1)}%`;

function verdict(name: string, counts: number[], weights: number[], labels: string[]): Check {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return { name, passed: false, detail: 'no requests were counted' };
  const fit = chiSquareGoodnessOfFit(counts, weights);
  const observed = labels.map((l, i) => `${l} ${counts[i]} (${pct(counts[i]!, total)})`).join(', ');
  const configured = labels.map((l, i) => `${l} ${weights[i]}`).join('/');
  return {
    name,
    passed: fit.pValue >= CANARY_ALPHA,
    detail: `${observed} of ${total}; configured ${configured}; χ²(${fit.degreesOfFreedom}) = ${fit.chiSquare.toFixed(2)}, p = ${fit.pValue.toPrecision(2)} (refuted below ${CANARY_ALPHA})`,
  };
}

/** Per-trial deltas of the client sidecar's per-subset request counters (the first mesh trial has no "before"). */
function envoyCounts(meshTrials: readonly TrialRecord[], counterOf: (subset: string) => string, subsets: readonly string[]): number[] {
  const totals = subsets.map(() => 0);
  for (let i = 1; i < meshTrials.length; i++) {
    const [before, after] = [meshTrials[i - 1]!.envoyStats?.client, meshTrials[i]!.envoyStats?.client];
    if (!before || !after || meshTrials[i]!.warmup || !meshTrials[i]!.valid) continue;
    subsets.forEach((s, k) => (totals[k]! += (after[counterOf(s)] ?? 0) - (before[counterOf(s)] ?? 0)));
  }
  return totals;
}

export function canaryChecks(trials: readonly TrialRecord[], policy: MeshPolicy, service: { name: string; port: number }): Check[] {
  const split = expectedSplit(policy);
  if (!split) return [];
  const subsets = [...split.weights.keys()];
  const weights = subsets.map((s) => split.weights.get(s)!);
  const profiles = [...new Set(trials.map((t) => t.profile))];
  return profiles.flatMap((profile) => {
    const mesh = trials.filter((t) => t.profile === profile && t.variant === 'mesh' && t.newConnectionEvery === 0);
    const measured = mesh.filter((t) => !t.warmup && t.valid);
    const byVersion = subsets.map((s) => measured.reduce((n, t) => n + (t.load.versionCounts[split.versions.get(s) ?? s] ?? 0), 0));
    const counter = (s: string) => `cluster.${outboundClusterName(service.port, s, service.name)}.upstream_rq_total`;
    return [
      verdict(`[${profile}] canary split seen in responses' versions`, byVersion, weights, subsets),
      verdict(`[${profile}] canary split in the client sidecar's per-cluster counters`, envoyCounts(mesh, counter, subsets), weights, subsets),
    ];
  });
}
