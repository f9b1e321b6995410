/**
 * AuthorizationPolicy (security.istio.io) → the server sidecar's RBAC rules.
 *
 * Translated: `action` ALLOW or DENY, `selector.matchLabels.app` of the service (or none:
 * namespace- or mesh-wide), `rules[].from[].source.principals/notPrincipals` (Istio's principal
 * form `<trust domain>/ns/<ns>/sa/<sa>`, `*` as a prefix or suffix wildcard),
 * `rules[].to[].operation.paths/notPaths/methods/notMethods`. Anything else (`when`, namespaces,
 * ipBlocks, hosts, ports, CUSTOM and AUDIT) is an error naming the field. Istio's semantics: no
 * policy allows everything; DENY is evaluated before ALLOW; with any ALLOW policy, only requests it
 * matches pass; `spec: {}` is "allow nothing".
 */
import { z } from 'zod';
import type { AuthorizationPolicy, AuthorizationRule, StringMatch } from '../policy.js';
import type { IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import { MESH_ROOT_NAMESPACE, resourceEnvelope, SECURITY_API_VERSIONS, type IstioWorkload } from './workload.js';

const strings = z.array(z.string().min(1)).min(1);

const source = istioObject({ principals: strings.optional(), notPrincipals: strings.optional() });
const operation = istioObject({ paths: strings.optional(), notPaths: strings.optional(), methods: strings.optional(), notMethods: strings.optional() });
const rule = istioObject({
  from: z.array(istioObject({ source })).optional(),
  to: z.array(istioObject({ operation })).optional(),
});

function schema(workload: IstioWorkload) {
  const spec = istioObject({
    selector: istioObject({ matchLabels: istioObject({ app: z.literal(workload.serviceName) }) }).optional(),
    action: z.enum(['ALLOW', 'DENY']).default('ALLOW'),
    rules: z.array(rule).optional(),
  });
  return resourceEnvelope(SECURITY_API_VERSIONS, 'AuthorizationPolicy', [workload.namespace, MESH_ROOT_NAMESPACE], spec.default({ action: 'ALLOW' }));
}

/** Istio's string match: `*` alone is any, `*x` a suffix, `x*` a prefix, else exact. */
export function istioStringMatch(value: string): StringMatch {
  if (value === '*') return { prefix: '' };
  if (value.startsWith('*')) return { suffix: value.slice(1) };
  if (value.endsWith('*')) return { prefix: value.slice(0, -1) };
  return { exact: value };
}

/** A principal as the peer certificate carries it: `spiffe://` + Istio's principal. */
const principalMatch = (value: string): StringMatch => {
  const m = istioStringMatch(value);
  if (m.exact !== undefined) return { exact: `spiffe://${m.exact}` };
  if (m.prefix !== undefined) return { prefix: `spiffe://${m.prefix}` };
  return m;
};

type RuleInput = z.output<typeof rule>;

function flatten(r: RuleInput): AuthorizationRule {
  const sources = r.from?.map((f) => f.source) ?? [];
  const operations = r.to?.map((t) => t.operation) ?? [];
  return {
    principals: sources.flatMap((s) => s.principals ?? []).map(principalMatch),
    notPrincipals: sources.flatMap((s) => s.notPrincipals ?? []).map(principalMatch),
    paths: operations.flatMap((o) => o.paths ?? []).map(istioStringMatch),
    notPaths: operations.flatMap((o) => o.notPaths ?? []).map(istioStringMatch),
    methods: operations.flatMap((o) => o.methods ?? []),
    notMethods: operations.flatMap((o) => o.notMethods ?? []),
  };
}

export function readAuthorizationPolicy(resource: IstioResource, workload: IstioWorkload, sourceName: string): AuthorizationPolicy {
  const ap = readResource(schema(workload), resource, sourceName);
  return { name: ap.metadata.name, action: ap.spec.action, rules: (ap.spec.rules ?? []).map(flatten) };
}
