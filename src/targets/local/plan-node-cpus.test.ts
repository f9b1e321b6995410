// The CPU plan of a profile: dedicated splits the CPUs, shared-core caps and crowds the server node.
import { describe, expect, it } from 'vitest';
import { planNodeCpus, SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT, SHARED_CORE_DEFAULT_QUOTA_PCT } from './nodes.js';

describe('planNodeCpus', () => {
  it('dedicated on 2 CPUs: client CPU 0 (sidecar and load agent, said in a note), server CPU 1, no quota, no neighbour', () => {
    const plan = planNodeCpus({ kind: 'dedicated' }, '0-1');
    expect(plan).toMatchObject({ client: '0', agent: '0', server: '1', neighbour: undefined, quotaPct: undefined, neighbourDutyPct: 0 });
    expect(plan.notes).toEqual(['the load agent shares the client sidecar’s CPU (none to spare; its CPU use is measured)']);
  });

  it('dedicated on 4 CPUs: the load agent, the client sidecar and the server node each on their own, the server gets the rest', () => {
    expect(planNodeCpus({ kind: 'dedicated' }, '0-3')).toMatchObject({ agent: '0', client: '1', server: '2-3', notes: [] });
    expect(planNodeCpus({ kind: 'dedicated' }, '0-2')).toMatchObject({ agent: '0', client: '1', server: '2' });
  });

  it('shared-core: the server node is capped and shares its CPUs with the neighbour; defaults 60 % / 50 %', () => {
    expect(planNodeCpus({ kind: 'shared-core' }, '0-1')).toMatchObject({
      client: '0',
      server: '1',
      neighbour: '1',
      quotaPct: SHARED_CORE_DEFAULT_QUOTA_PCT,
      neighbourDutyPct: SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT,
    });
    expect(planNodeCpus({ kind: 'shared-core', quotaPct: 30, neighbourDutyPct: 0 }, '0-1')).toMatchObject({ quotaPct: 30, neighbour: undefined, neighbourDutyPct: 0 });
  });

  it('profile CPUs are the server node\'s; the client gets the rest or, when none is left, shares', () => {
    expect(planNodeCpus({ kind: 'dedicated', cpus: '0' }, '0-1')).toMatchObject({ client: '1', server: '0' });
    expect(planNodeCpus({ kind: 'dedicated', cpus: '2-3' }, '0-3')).toMatchObject({ agent: '0', client: '1', server: '2-3' });
    const all = planNodeCpus({ kind: 'shared-core', cpus: '0-1' }, '0-1');
    expect(all).toMatchObject({ client: '0-1', server: '0-1', neighbour: '0-1' });
    expect(all.notes.join()).toMatch(/shares/);
  });

  it('one CPU: both nodes on it, said in a note', () => {
    const plan = planNodeCpus({ kind: 'dedicated' }, '0');
    expect(plan).toMatchObject({ client: '0', server: '0' });
    expect(plan.notes.join()).toMatch(/one CPU/);
  });

  it('refuses CPUs the process may not use, saying which are available', () => {
    expect(() => planNodeCpus({ kind: 'dedicated', cpus: '2-3' }, '0-1')).toThrow(/asks for CPUs 2-3.*only use 0-1/);
  });
});
