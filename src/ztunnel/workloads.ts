/**
 * ztunnel's local workload file (`LOCAL_XDS_PATH`): the workloads it knows and the L4 policy it
 * enforces, as istiod would have pushed them. Written as YAML in flow style (JSON plus one tag: ztunnel's
 * serde_yaml reads enum values such as `!Presence []` only as tags), one file per run.
 *
 * PeerAuthentication STRICT becomes what istiod pushes for it in ambient mode: a global DENY of
 * every connection without a peer identity (`notPrincipals: [presence]`, Istio's
 * `istio_converted_static_strict`); PERMISSIVE pushes nothing.
 */
export interface ZtunnelWorkload {
  /** Pod name; also its uid. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The workload's IP (its node's address here: one pod per node namespace). */
  readonly ip: string;
  readonly node: string;
}

export const TRUST_DOMAIN = 'cluster.local';
/** The mark ztunnel puts on its own sockets (ztunnel's own redirect scripts use it), so capture lets them through. */
export const ZTUNNEL_PACKET_MARK = 0x539;

export function spiffeIdOf(w: Pick<ZtunnelWorkload, 'namespace' | 'serviceAccount'>): string {
  return `spiffe://${TRUST_DOMAIN}/ns/${w.namespace}/sa/${w.serviceAccount}`;
}

export function localWorkloadConfig(workloads: readonly ZtunnelWorkload[], opts: { readonly strict: boolean }): string {
  const config = {
    workloads: workloads.map((w) => ({
      uid: `meshtax//v1/Pod/${w.namespace}/${w.name}`,
      name: w.name,
      namespace: w.namespace,
      serviceAccount: w.serviceAccount,
      workloadIps: [w.ip],
      protocol: 'HBONE',
      node: w.node,
      network: '',
      trustDomain: TRUST_DOMAIN,
      services: {},
    })),
    policies: opts.strict ? [STRICT_POLICY] : [],
    services: [],
  };
  return `${JSON.stringify(config, null, 2).replaceAll(JSON.stringify(PRESENCE), '!Presence []')}\n`;
}

/** Stands for the tagged `!Presence []` (a StringMatch that any peer identity matches) until written. */
const PRESENCE = '\u0000presence';

const STRICT_POLICY = {
  name: 'istio_converted_static_strict',
  namespace: 'istio-system',
  scope: 'Global',
  action: 'Deny',
  rules: [[[{ notPrincipals: [PRESENCE] }]]],
  dryRun: false,
};
