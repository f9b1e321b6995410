/**
 * Istio resources → MeshPolicy, for the scenario's one service.
 *
 * Decisions (where Istio leaves a choice, or meshtax cannot know what Istio would):
 * - Kinds: PeerAuthentication, DestinationRule, VirtualService, Telemetry, AuthorizationPolicy,
 *   Sidecar (one at most). Any other kind, and any field not
 *   translated, is an error naming the document and the field path.
 * - At most one DestinationRule and one VirtualService (both must be for the service). Istio merges
 *   or picks the oldest of several; a file cannot say which is older, so two are an error.
 * - PeerAuthentication: at most one mesh-wide, one namespace-wide, and one workload-specific per
 *   version (see peer-authentication.ts for the precedence).
 * - `metadata.namespace` may be left out (it then means the workload's namespace, as
 *   `kubectl apply -n` would); `metadata.labels` are accepted and carry no meaning.
 * - Without a DestinationRule (or one without `tls`), Istio's auto-mTLS decides the client TLS.
 * - Without a VirtualService: one route, every request, to every deployed version.
 * - Istio's implicit retry policy (2 attempts) is not added: retries only where the
 *   VirtualService asks for them. A delay or abort needs `percentage.value`.
 */
import { BadInputError } from '../../errors.js';
import type { AuthorizationPolicy, EgressPolicy, HttpRoute, MeshPolicy } from '../policy.js';
import { clientTlsMode } from './client-tls.js';
import { readDestinationRule, type DestinationRuleTranslation } from './destination-rule.js';
import { describeResource, type IstioResource } from './parse.js';
import { readPeerAuthentication, resolveInbound, type PeerAuthenticationRule } from './peer-authentication.js';
import { readAll } from './problems.js';
import { readAuthorizationPolicy } from './authorization-policy.js';
import { readSidecar } from './sidecar-resource.js';
import { readTelemetry, resolveTelemetry, type TelemetryRule } from './telemetry.js';
import { readVirtualService, type KnownSubsets } from './virtual-service.js';
import type { IstioWorkload } from './workload.js';

const KINDS = ['PeerAuthentication', 'DestinationRule', 'VirtualService', 'Telemetry', 'AuthorizationPolicy', 'Sidecar'] as const;

type FirstPass =
  | { readonly kind: 'PeerAuthentication'; readonly rule: PeerAuthenticationRule }
  | { readonly kind: 'DestinationRule'; readonly rule: DestinationRuleTranslation }
  | { readonly kind: 'VirtualService'; readonly resource: IstioResource }
  | { readonly kind: 'Telemetry'; readonly rule: TelemetryRule }
  | { readonly kind: 'AuthorizationPolicy'; readonly policy: AuthorizationPolicy }
  | { readonly kind: 'Sidecar'; readonly resource: IstioResource; readonly egress: EgressPolicy };

const DEFAULT_ROUTE: HttpRoute = { name: 'default', matches: [], destinations: [{ subset: '', weight: 100 }] };

export function translateIstio(resources: readonly IstioResource[], workload: IstioWorkload, source: string): MeshPolicy {
  const read = readAll(resources, (r) => firstPass(r, workload, source));
  const inbound = resolveInbound(read.flatMap((r) => (r.kind === 'PeerAuthentication' ? [r.rule] : [])), workload, source);
  const destinationRule = atMostOne(read.flatMap((r) => (r.kind === 'DestinationRule' ? [r.rule] : [])), 'DestinationRule', workload, source);
  const virtualService = atMostOne(read.flatMap((r) => (r.kind === 'VirtualService' ? [r] : [])), 'VirtualService', workload, source);
  const sidecar = atMostOne(read.flatMap((r) => (r.kind === 'Sidecar' ? [r] : [])), 'Sidecar', workload, source);
  const subsets = destinationRule?.subsets ?? [];
  const known: KnownSubsets = { names: subsets.map((s) => s.name), definedBy: destinationRule?.resource };
  return {
    inbound,
    outbound: {
      tlsMode: clientTlsMode(destinationRule, inbound, source),
      subsets,
      routes: virtualService ? readVirtualService(virtualService.resource, workload, known, source) : [DEFAULT_ROUTE],
      connectionPool: destinationRule?.connectionPool,
      loadBalancer: destinationRule?.loadBalancer,
    },
    telemetry: resolveTelemetry(read.flatMap((r) => (r.kind === 'Telemetry' ? [r.rule] : []))),
    authorization: read.flatMap((r) => (r.kind === 'AuthorizationPolicy' ? [r.policy] : [])),
    egress: sidecar?.egress ?? { registryOnly: false },
  };
}

function firstPass(resource: IstioResource, workload: IstioWorkload, source: string): FirstPass {
  switch (resource.kind) {
    case 'PeerAuthentication':
      return { kind: resource.kind, rule: readPeerAuthentication(resource, workload, source) };
    case 'DestinationRule':
      return { kind: resource.kind, rule: readDestinationRule(resource, workload, source) };
    case 'VirtualService':
      return { kind: resource.kind, resource };
    case 'Telemetry':
      return { kind: resource.kind, rule: readTelemetry(resource, workload, source) };
    case 'AuthorizationPolicy':
      return { kind: resource.kind, policy: readAuthorizationPolicy(resource, workload, source) };
    case 'Sidecar':
      return { kind: resource.kind, resource, egress: readSidecar(resource, workload, source) };
    default:
      throw new BadInputError(
        `${source}: ${describeResource(resource)}: kind ${resource.kind} is not translated by meshtax; it translates ${KINDS.join(', ')}`,
        'meshtax deploys the workload itself (scenario.workload); keep only Istio traffic and security resources in the YAML.',
      );
  }
}

function atMostOne<T extends { readonly resource: IstioResource }>(items: readonly T[], kind: string, workload: IstioWorkload, source: string): T | undefined {
  if (items.length <= 1) return items[0];
  throw new BadInputError(
    `${source}: ${items.map((i) => describeResource(i.resource)).join(' and ')} are all for ${workload.serviceName}; meshtax takes one ${kind} per service`,
    `Merge them into one ${kind}.`,
  );
}
