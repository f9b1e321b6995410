import { describe, expect, it } from 'vitest';
import { capacityCost, costPerMillionRequests, nodesNeeded, nodeTypeFor, sidecarCoresAt, type PricingInput } from './cost.js';

const PRICING: PricingInput = {
  prices: { 'c6i.large': { perHour: 0.085, currency: 'USD' }, 'shared-core': { perHour: 0.02, currency: 'EUR' } },
  nodeType: 'c6i.large',
  nodeTypes: {},
  targetRps: 10_000,
};

describe('capacity cost maths', () => {
  it('nodes needed: whole nodes, never loaded past their capacity', () => {
    expect(nodesNeeded(10_000, 2000)).toBe(5);
    expect(nodesNeeded(10_001, 2000)).toBe(6);
    expect(nodesNeeded(1, 2000)).toBe(1);
    expect(nodesNeeded(10_000, 0)).toBeNull();
    expect(nodesNeeded(0, 2000)).toBeNull();
    expect(nodesNeeded(-1, 2000)).toBeNull();
  });

  it('cost per million requests = perHour / (capacity × 3600) × 1e6', () => {
    expect(costPerMillionRequests(0.085, 2000)).toBeCloseTo(0.011_805_6, 6);
    expect(costPerMillionRequests(3.6, 1000)).toBeCloseTo(1, 12);
    expect(costPerMillionRequests(1, 0)).toBeNull();
  });

  it('sidecar cores at a load from millicores per 1000 rps', () => {
    expect(sidecarCoresAt(350, 2000)).toBeCloseTo(0.7, 12);
    expect(sidecarCoresAt(null, 2000)).toBeNull();
    expect(sidecarCoresAt(350, null)).toBeNull();
  });

  it('a profile’s node type: per profile, then the machine’s, then the profile’s own priced name', () => {
    expect(nodeTypeFor('dedicated', PRICING)).toBe('c6i.large');
    expect(nodeTypeFor('dedicated', { ...PRICING, nodeTypes: { dedicated: 'm7i.large' } })).toBe('m7i.large');
    expect(nodeTypeFor('shared-core', { ...PRICING, nodeType: undefined })).toBe('shared-core');
    expect(nodeTypeFor('dedicated', { ...PRICING, nodeType: undefined })).toBeNull();
  });

  it('puts it together, and says what is missing instead of inventing a figure', () => {
    expect(capacityCost('dedicated', 2000, PRICING)).toEqual({
      nodeType: 'c6i.large',
      perHour: 0.085,
      currency: 'USD',
      targetRps: 10_000,
      nodesNeeded: 5,
      fleetPerHour: 0.085 * 5,
      costPerMillionRequests: costPerMillionRequests(0.085, 2000),
      note: '',
    });
    const unpriced = capacityCost('dedicated', 2000, { prices: {}, nodeTypes: {} });
    expect(unpriced).toMatchObject({ nodeType: null, perHour: null, nodesNeeded: null, costPerMillionRequests: null });
    expect(unpriced.note).toMatch(/no node type for dedicated.*; no target load/);
    expect(capacityCost('dedicated', null, PRICING)).toMatchObject({ nodesNeeded: null, costPerMillionRequests: null, perHour: 0.085 });
    expect(capacityCost('dedicated', 2000, { ...PRICING, nodeType: 'x1.huge' }).note).toBe('no price for node type x1.huge (bench.config.ts prices)');
    // a target but no price: the nodes, but no money
    expect(capacityCost('dedicated', 2000, { prices: {}, nodeTypes: {}, nodeType: 'x1.huge', targetRps: 10_000 })).toMatchObject({ nodesNeeded: 5, fleetPerHour: null, costPerMillionRequests: null });
    // a price but no target: the money per request, but no fleet
    expect(capacityCost('dedicated', 2000, { ...PRICING, targetRps: undefined })).toMatchObject({ targetRps: null, nodesNeeded: null, fleetPerHour: null, costPerMillionRequests: costPerMillionRequests(0.085, 2000) });
  });
});
