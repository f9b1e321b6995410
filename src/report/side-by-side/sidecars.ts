/**
 * How a record's sidecars were set up, in words for the side-by-side table: listener layout,
 * interception, worker threads, mTLS, telemetry and authorization. Read from the record alone (the
 * scenario definition and Istio YAML it carries), so an old result still renders; what cannot be
 * read back says so instead of guessing.
 */
import { z } from 'zod';
import type { ResultRecord } from '../../record/schema.js';
import { parseIstioYaml, translateIstio, type MeshPolicy, type TelemetryPolicy } from '../../scenario/index.js';

export interface SidecarSetup {
  /** `Istio layout` or `minimal`. */
  readonly layout: string;
  /** `iptables (Istio REDIRECT)`, `none`, or `asked, NOT applied (…)`. */
  readonly interception: string;
  readonly concurrency: number;
  readonly mtls: string;
  readonly telemetry: string;
  readonly authorization: string;
  /** Why the mesh policy (mTLS, telemetry, RBAC) could not be read back from the record; absent when it could. */
  readonly policyUnknown?: string;
}

const DefinitionSchema = z.object({
  sidecar: z.object({ interception: z.enum(['none', 'iptables']) }).partial().optional(),
  workload: z.object({ serviceName: z.string(), namespace: z.string(), versions: z.array(z.string()).min(1) }).optional(),
});

export function sidecarSetup(record: Pick<ResultRecord, 'scenario' | 'envoy' | 'profiles'>): SidecarSetup {
  const definition = DefinitionSchema.safeParse(record.scenario.definition);
  const asked = definition.success ? (definition.data.sidecar?.interception ?? 'none') : 'none';
  const notApplied = record.profiles.some((p) => p.fidelity.reason.includes('interception "iptables" NOT applied'));
  const istioLayout = record.envoy.configuration.startsWith('Istio-layout');
  const policy = definition.success ? policyOf(record.scenario, definition.data.workload) : { error: 'the scenario definition in the record is not readable' };
  return {
    // A run whose capture could not be applied fell back to the minimal layout, whatever envoy.configuration says.
    layout: istioLayout && !notApplied ? 'Istio layout' : 'minimal',
    interception: asked === 'none' ? 'none' : notApplied ? 'iptables asked, NOT applied (no node namespaces)' : 'iptables (Istio REDIRECT)',
    concurrency: record.envoy.concurrency,
    ...('error' in policy
      ? { mtls: 'unknown', telemetry: 'unknown', authorization: 'unknown', policyUnknown: policy.error }
      : { mtls: mtlsText(policy), telemetry: telemetryText(policy.telemetry), authorization: authorizationText(policy) }),
  };
}

function policyOf(scenario: ResultRecord['scenario'], workload: z.infer<typeof DefinitionSchema>['workload']): MeshPolicy | { error: string } {
  if (scenario.istioYaml.trim() === '') return { error: 'no Istio YAML in the record' };
  const service = workload ?? { serviceName: 'sample-api', namespace: 'default', versions: ['v1'] };
  try {
    return translateIstio(parseIstioYaml(scenario.istioYaml, scenario.file), service, scenario.file);
  } catch (error) {
    return { error: `its Istio YAML no longer translates: ${(error as Error).message.split('\n')[0]}` };
  }
}

function mtlsText(policy: MeshPolicy): string {
  const modes = [...new Set(Object.values(policy.inbound).map((i) => i.mode))];
  const client = policy.outbound.tlsMode === 'ISTIO_MUTUAL' ? '' : ' (client sends plaintext)';
  return `mTLS ${modes.join('/') || 'PERMISSIVE'}${client}`;
}

function telemetryText(telemetry: TelemetryPolicy | undefined): string {
  const scope = (s: 'all' | 'server') => (s === 'all' ? 'both sidecars' : 'server sidecar');
  const parts = [
    telemetry?.accessLog ? `access log ${telemetry.accessLog.format.toUpperCase()} (${scope(telemetry.accessLog.scope)})` : 'no access log',
    telemetry?.tracing ? `tracing ${telemetry.tracing.samplingPct}% to Zipkin (${scope(telemetry.tracing.scope)})` : 'no tracing',
    ...(telemetry?.metricsDisabled ? [`metrics off (${scope(telemetry.metricsDisabled.scope)})`] : []),
  ];
  return parts.join(', ');
}

function authorizationText(policy: MeshPolicy): string {
  const policies = policy.authorization ?? [];
  if (policies.length === 0) return 'no RBAC';
  return `RBAC: ${policies.map((p) => `${p.action} ${p.name}${p.rules.length === 0 ? ' (no rules)' : ''}`).join(', ')}`;
}
