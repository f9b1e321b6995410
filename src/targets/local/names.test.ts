// Names carry the run (and profile), fit Linux's 15-character interface names, and addresses avoid what the host uses.
import { describe, expect, it } from 'vitest';
import { addressPlan, collidingProfiles, formatCpuList, nodeSetNames, parseCpuList, pickAddressPlan, prefixRange, runNsPrefix, runVethPrefix } from './names.js';

describe('node set names', () => {
  const runId = '20261124-231502-mtls-strict-3fa9';

  it('fit IFNAMSIZ and share the run prefix', () => {
    for (const profile of ['dedicated', 'shared-core', 'a-very-long-profile-name-indeed']) {
      const n = nodeSetNames(runId, profile);
      for (const dev of [n.clientLink, n.serverLink, n.clientHostLink, n.serverHostLink]) {
        expect(dev.length).toBeLessThanOrEqual(15);
        expect(dev.startsWith(runVethPrefix(runId))).toBe(true);
      }
      expect(n.clientNs.startsWith(runNsPrefix(runId))).toBe(true);
      expect(n.clientNs.endsWith('-client')).toBe(true);
      expect(n.serverNs.endsWith('-server')).toBe(true);
      expect(n.clientNs.length).toBeLessThanOrEqual(24);
    }
  });

  it('are deterministic per run and profile, and differ between profiles and runs', () => {
    expect(nodeSetNames(runId, 'dedicated')).toEqual(nodeSetNames(runId, 'dedicated'));
    expect(nodeSetNames(runId, 'dedicated').clientNs).not.toBe(nodeSetNames(runId, 'shared-core').clientNs);
    expect(nodeSetNames(runId, 'dedicated').runTag).toBe(nodeSetNames(runId, 'shared-core').runTag);
    expect(nodeSetNames(`${runId}x`, 'dedicated').runTag).not.toBe(nodeSetNames(runId, 'dedicated').runTag);
  });
});

describe('profile tags', () => {
  it('differ for profiles that shared a 2-digit tag (c7g-large, neighbour-50)', () => {
    expect(nodeSetNames('r', 'c7g-large').clientNs).not.toBe(nodeSetNames('r', 'neighbour-50').clientNs);
    expect(collidingProfiles(['c7g-large', 'neighbour-50'])).toEqual([]);
  });

  it('a pair that still collides is found, so the run refuses it before starting', () => {
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const name = `p${i}`;
      const ns = nodeSetNames('r', name).clientNs;
      const other = seen.get(ns);
      if (other !== undefined) pair = [other, name];
      seen.set(ns, name);
    }
    expect(collidingProfiles(['dedicated', ...pair])).toEqual([`${pair[0]} & ${pair[1]}`]);
  });
});

describe('address plan', () => {
  it('splits a /28 of 198.18.0.0/16 into the node link and two host links', () => {
    expect(addressPlan(0)).toEqual({
      block: '198.18.0.0/28',
      client: '198.18.0.1',
      server: '198.18.0.2',
      clientHostRoot: '198.18.0.5',
      clientHostNs: '198.18.0.6',
      serverHostRoot: '198.18.0.9',
      serverHostNs: '198.18.0.10',
    });
    expect(addressPlan(17).block).toBe('198.18.1.16/28');
  });

  it('skips blocks that overlap prefixes already on the host', () => {
    const first = pickAddressPlan('00000000', []);
    expect(first.block).toBe('198.18.0.0/28');
    expect(pickAddressPlan('00000000', ['198.18.0.5/30', '10.0.0.0/8']).block).toBe('198.18.0.16/28');
    expect(pickAddressPlan('00000000', ['198.18.0.0/24']).block).toBe('198.18.1.0/28');
    expect(() => pickAddressPlan('00000000', ['198.18.0.0/15'])).toThrow(/no free/);
  });

  it('reads prefixes', () => {
    expect(prefixRange('10.1.2.3/24')).toEqual([prefixRange('10.1.2.0/32')[0], prefixRange('10.1.2.255/32')[0]]);
  });
});

describe('CPU lists', () => {
  it('round-trip', () => {
    expect(parseCpuList('0-2,5,7-8')).toEqual([0, 1, 2, 5, 7, 8]);
    expect(formatCpuList([5, 0, 1, 2, 8, 7])).toBe('0-2,5,7-8');
    expect(formatCpuList([1])).toBe('1');
    expect(() => parseCpuList('a-b')).toThrow(/CPU list/);
  });
});
