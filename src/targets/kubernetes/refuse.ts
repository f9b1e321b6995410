/**
 * What `--target kubernetes` cannot run yet, found before anything is created on the cluster
 * (the CLI asks before the run opens its namespace): bad input, exit 2, with every problem at
 * once and what is supported.
 */
import type { NodeProfile } from '../../config/index.js';
import { BadInputError } from '../../errors.js';
import type { LoadedScenario } from '../../scenario/index.js';

/** The shipped scenarios this target runs (a unit test keeps the list true). */
export const KUBERNETES_SHIPPED_SCENARIOS = ['mtls-strict', 'mtls-permissive', 'canary-90-10', 'plaintext', 'grpc-unary', 'mtls-churn', 'noisy-neighbor'] as const;

export const KUBERNETES_SUPPORTED = [
  `scenarios: ${KUBERNETES_SHIPPED_SCENARIOS.join(', ')}, or your own with the sidecar data plane, no iptables interception, no Telemetry tracing or access logs, and no node link delay`,
  'profiles: kind dedicated (Guaranteed QoS: requests = limits, targets.kubernetes.resources) or shared-core (a pod CPU limit of quotaPct and a noisy-neighbour pod at neighbourDutyPct), placed by targets.kubernetes.nodePools; not `cpus` (a cpuset: on Kubernetes the kubelet picks the CPUs)',
].join('\n  ');

export interface KubernetesRunPlan {
  readonly loaded: LoadedScenario;
  /** The passes the run makes: each profile once per data plane. */
  readonly passes?: readonly { readonly profile: string; readonly dataPlane: 'sidecar' | 'ambient' }[];
  readonly profiles?: Readonly<Record<string, NodeProfile>>;
}

export function scenarioRefusals(loaded: LoadedScenario): string[] {
  const { scenario, policy } = loaded;
  const problems: string[] = [];
  if (scenario.sidecar.interception === 'iptables') problems.push('sidecar.interception "iptables" is not implemented on --target kubernetes yet (no capture init container)');
  if (policy.telemetry?.tracing) problems.push('Telemetry tracing needs a trace collector pod, not implemented on --target kubernetes yet');
  if (policy.telemetry?.accessLog) problems.push("the access-log check reads the sidecars' log files, which stay inside their pods on --target kubernetes (not implemented yet)");
  if (scenario.dataPlane !== 'sidecar') problems.push(`dataPlane "${scenario.dataPlane}": the ambient data plane is not implemented on --target kubernetes`);
  if (scenario.link.delayMs > 0 || scenario.link.jitterMs > 0) problems.push('link delay/jitter (netem between the nodes) is not implemented on --target kubernetes');
  return problems;
}

export function runRefusals(plan: KubernetesRunPlan): string[] {
  const problems = scenarioRefusals(plan.loaded);
  const used = [...new Set((plan.passes ?? []).map((p) => p.profile))];
  for (const name of used) {
    const profile = plan.profiles?.[name];
    if (profile?.cpus !== undefined) problems.push(`profile "${name}" sets cpus "${profile.cpus}" (a cpuset), which --target kubernetes cannot choose: the kubelet places the pods' CPUs`);
  }
  return problems;
}

export function refuseKubernetesRun(plan: KubernetesRunPlan): void {
  const problems = runRefusals(plan);
  if (problems.length === 0) return;
  throw new BadInputError(
    `${plan.loaded.file}: --target kubernetes cannot run this:\n  ${problems.join('\n  ')}`,
    `Supported on --target kubernetes:\n  ${KUBERNETES_SUPPORTED}\nRun the rest with the local target (without --target kubernetes).`,
  );
}
