import { describe, expect, it } from 'vitest';
import type { AuthorizationPolicy } from '../../scenario/index.js';
import { istioDecision } from './authorization.js';

const rule = (r: Partial<AuthorizationPolicy['rules'][number]>) => ({ principals: [], notPrincipals: [], paths: [], notPaths: [], methods: [], notMethods: [], ...r });
const LOADGEN = 'spiffe://cluster.local/ns/default/sa/loadgen';
const DENY_BY_DEFAULT: AuthorizationPolicy[] = [
  { name: 'allow-nothing', action: 'ALLOW', rules: [] },
  { name: 'readers', action: 'ALLOW', rules: [rule({ principals: [{ exact: LOADGEN }], methods: ['GET'], paths: [{ prefix: '/' }] })] },
  { name: 'no-admin', action: 'DENY', rules: [rule({ paths: [{ prefix: '/admin' }] })] },
];

describe("Istio's authorization decision", () => {
  it('no policy allows everything; allow-nothing alone denies everything', () => {
    expect(istioDecision([], LOADGEN, { method: 'POST', path: '/' })).toBe('allow');
    expect(istioDecision([DENY_BY_DEFAULT[0]!], LOADGEN, { method: 'GET', path: '/' })).toBe('deny');
  });

  it('deny by default: GET by the load identity passes, other methods, other callers and /admin do not', () => {
    expect(istioDecision(DENY_BY_DEFAULT, LOADGEN, { method: 'GET', path: '/' })).toBe('allow');
    expect(istioDecision(DENY_BY_DEFAULT, LOADGEN, { method: 'POST', path: '/' })).toBe('deny');
    expect(istioDecision(DENY_BY_DEFAULT, 'spiffe://cluster.local/ns/other/sa/x', { method: 'GET', path: '/' })).toBe('deny');
    expect(istioDecision(DENY_BY_DEFAULT, LOADGEN, { method: 'GET', path: '/admin/config' })).toBe('deny');
  });
});
