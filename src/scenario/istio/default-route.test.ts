import { describe, expect, it } from 'vitest';
import { CANARY_WORKLOAD, destinationRule, subsets, translate } from './testing/istio-yaml.js';

describe('without a VirtualService', () => {
  it('one route takes every request to every deployed version, even when subsets exist', () => {
    const policy = translate([destinationRule({ subsets: subsets('v1', 'v2') })], CANARY_WORKLOAD);
    expect(policy.outbound.routes).toEqual([{ name: 'default', matches: [], destinations: [{ subset: '', weight: 100 }] }]);
  });
});
