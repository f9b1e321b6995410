/**
 * AuthorizationPolicy is verified, not assumed: a few requests go through the mesh from the load's
 * node, as the load's identity (its client sidecar's certificate), and what the server sidecar's
 * RBAC did is compared with what Istio's rules say, evaluated here independently: DENY first; with
 * any ALLOW policy, only what one of its rules matches passes. Denied means HTTP 403.
 */
import type { AuthorizationPolicy, AuthorizationRule, StringMatch } from '../../scenario/index.js';
import type { Deployment } from '../../targets/index.js';
import type { Check } from '../../record/schema.js';
import { describeResponse, requestFromNode } from './node-request.js';

export interface AuthzProbe {
  readonly method: string;
  readonly path: string;
}

/** Requests that tell policies apart: reads and writes, the root and a sub-path. */
export const AUTHZ_PROBES: readonly AuthzProbe[] = [
  { method: 'GET', path: '/' },
  { method: 'POST', path: '/' },
  { method: 'GET', path: '/admin/config' },
  { method: 'DELETE', path: '/' },
];

const matches = (m: StringMatch, value: string) =>
  m.exact !== undefined ? value === m.exact : m.prefix !== undefined ? value.startsWith(m.prefix) : value.endsWith(m.suffix ?? '');

const anyOrEmpty = <T>(list: readonly T[], test: (t: T) => boolean) => list.length === 0 || list.some(test);

function ruleMatches(rule: AuthorizationRule, principal: string, probe: AuthzProbe): boolean {
  return (
    anyOrEmpty(rule.principals, (m) => matches(m, principal)) &&
    !rule.notPrincipals.some((m) => matches(m, principal)) &&
    anyOrEmpty(rule.paths, (m) => matches(m, probe.path)) &&
    !rule.notPaths.some((m) => matches(m, probe.path)) &&
    anyOrEmpty(rule.methods, (m) => m === probe.method) &&
    !rule.notMethods.includes(probe.method)
  );
}

/** Istio's decision for one request by `principal` (a SPIFFE id). */
export function istioDecision(policies: readonly AuthorizationPolicy[], principal: string, probe: AuthzProbe): 'allow' | 'deny' {
  const hit = (action: 'ALLOW' | 'DENY') => policies.filter((p) => p.action === action).some((p) => p.rules.some((r) => ruleMatches(r, principal, probe)));
  if (hit('DENY')) return 'deny';
  if (policies.some((p) => p.action === 'ALLOW')) return hit('ALLOW') ? 'allow' : 'deny';
  return 'allow';
}

export async function authorizationChecks(deployment: Deployment, policies: readonly AuthorizationPolicy[]): Promise<Check[]> {
  if (policies.length === 0) return [];
  const principal = deployment.pki.workloads.find((w) => w.name === 'loadgen')?.spiffeId ?? '';
  const base = deployment.endpoints.mesh.replace(/\/$/, '');
  const checks: Check[] = [];
  for (const probe of AUTHZ_PROBES) {
    const expected = istioDecision(policies, principal, probe);
    const response = await requestFromNode(deployment.nodes.client.wrap, `${base}${probe.path}`, probe.method);
    const got = 'error' in response ? 'error' : response.status === 403 ? 'deny' : response.status === 200 ? 'allow' : 'other';
    checks.push({
      name: `authorization: ${probe.method} ${probe.path} as ${principal.replace('spiffe://', '')} → ${expected === 'deny' ? '403' : 'served'}`,
      passed: got === expected,
      detail: `${describeResponse(response)}; Istio's rules say ${expected}`,
    });
  }
  return checks;
}
