/**
 * Telemetry (telemetry.istio.io) → access logging, tracing and metric overrides of the sidecars.
 *
 * - Scope: without a selector (mesh root or the workload's namespace) both sidecars; with
 *   `selector.matchLabels.app` of the service, its server sidecars only. Several resources merge
 *   field by field, the more specific winning (selector, then namespace, then mesh root), as Istio.
 * - Providers: `envoy` is Istio's built-in file access log (TEXT); `envoy-json` stands for the
 *   usual `envoyFileAccessLog` provider with JSON labels in meshConfig. Tracing goes to the run's
 *   own Zipkin-compatible collector, whatever the provider is named (`zipkin` by default).
 * - Metrics: an override `disabled: true` on ALL_METRICS turns the sidecars' stats down to what
 *   meshtax itself reads; other overrides (tag overrides, single metrics) are errors, since
 *   stock Envoy has no Istio standard metrics to change.
 */
import { z } from 'zod';
import type { TelemetryPolicy, TelemetryScope } from '../policy.js';
import type { IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import { MESH_ROOT_NAMESPACE, resourceEnvelope, type IstioWorkload } from './workload.js';

const TELEMETRY_API_VERSIONS = ['telemetry.istio.io/v1', 'telemetry.istio.io/v1alpha1'] as const;

const provider = istioObject({ name: z.string().min(1) });

const accessLogging = istioObject({
  providers: z.array(istioObject({ name: z.enum(['envoy', 'envoy-json']) })).optional(),
  disabled: z.boolean().optional(),
});

const tracing = istioObject({
  providers: z.array(provider).optional(),
  randomSamplingPercentage: z.number().min(0).max(100).optional(),
  disableSpanReporting: z.boolean().optional(),
});

const metrics = istioObject({
  providers: z.array(istioObject({ name: z.literal('prometheus') })).optional(),
  overrides: z
    .array(
      istioObject({
        match: istioObject({ metric: z.literal('ALL_METRICS').optional(), mode: z.enum(['CLIENT', 'SERVER', 'CLIENT_AND_SERVER']).optional() }).optional(),
        disabled: z.boolean().optional(),
      }),
    )
    .optional(),
});

function schema(workload: IstioWorkload) {
  const selector = istioObject({
    matchLabels: istioObject({ app: z.literal(workload.serviceName) }),
  });
  const spec = istioObject({
    selector: selector.optional(),
    accessLogging: z.array(accessLogging).max(1, 'meshtax translates one accessLogging entry').optional(),
    tracing: z.array(tracing).max(1, 'meshtax translates one tracing entry').optional(),
    metrics: z.array(metrics).max(1, 'meshtax translates one metrics entry').optional(),
  });
  return resourceEnvelope(TELEMETRY_API_VERSIONS, 'Telemetry', [workload.namespace, MESH_ROOT_NAMESPACE], spec.default({}));
}

export interface TelemetryRule {
  readonly resource: IstioResource;
  /** 0 mesh root, 1 namespace, 2 selector: higher wins. */
  readonly specificity: number;
  readonly scope: TelemetryScope;
  readonly policy: TelemetryPolicy;
}

/** Istio's default sampling when a tracing entry names no percentage (meshConfig defaultConfig.tracing.sampling). */
export const ISTIO_DEFAULT_SAMPLING_PCT = 1;

export function readTelemetry(resource: IstioResource, workload: IstioWorkload, source: string): TelemetryRule {
  const t = readResource(schema(workload), resource, source);
  return toRule(resource, t.metadata.namespace, t.spec);
}

type TelemetrySpec = z.output<ReturnType<typeof schema>>['spec'];

function toRule(resource: IstioResource, namespace: string | undefined, spec: TelemetrySpec): TelemetryRule {
  const scope: TelemetryScope = spec.selector ? 'server' : 'all';
  const specificity = spec.selector ? 2 : namespace === MESH_ROOT_NAMESPACE ? 0 : 1;
  const log = spec.accessLogging?.[0];
  const trace = spec.tracing?.[0];
  const override = spec.metrics?.[0]?.overrides?.find((o) => o.disabled === true);
  const policy: TelemetryPolicy = {
    ...(log && !log.disabled ? { accessLog: { scope, format: log.providers?.some((p) => p.name === 'envoy-json') ? 'json' : 'text' } } : {}),
    ...(trace && !trace.disableSpanReporting ? { tracing: { scope, samplingPct: trace.randomSamplingPercentage ?? ISTIO_DEFAULT_SAMPLING_PCT } } : {}),
    ...(override ? { metricsDisabled: { scope } } : {}),
  };
  return { resource, specificity, scope, policy };
}

/** Merges the rules field by field, the most specific rule that mentions a field winning. */
export function resolveTelemetry(rules: readonly TelemetryRule[]): TelemetryPolicy {
  const ordered = [...rules].sort((a, b) => a.specificity - b.specificity);
  let merged: TelemetryPolicy = {};
  for (const rule of ordered) {
    const body = rule.resource.body.spec as Record<string, unknown> | undefined;
    merged = {
      accessLog: body?.accessLogging !== undefined ? rule.policy.accessLog : merged.accessLog,
      tracing: body?.tracing !== undefined ? rule.policy.tracing : merged.tracing,
      metricsDisabled: body?.metrics !== undefined ? rule.policy.metricsDisabled : merged.metricsDisabled,
    };
  }
  return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as TelemetryPolicy;
}
