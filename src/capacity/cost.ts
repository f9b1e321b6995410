/**
 * Money and machines for a capacity: nodes needed for a target load and the cost per million
 * requests, both with the tax within budget; what the sidecars take of a node at that load. Pure.
 */

export interface Price {
  readonly perHour: number;
  readonly currency: string;
}

export interface PricingInput {
  /** `bench.config.ts` prices per node type. */
  readonly prices: Readonly<Record<string, Price>>;
  /** `bench.config.ts` capacity: the machine's node type, per profile or for all, and the load to plan for. */
  readonly nodeType?: string | undefined;
  readonly nodeTypes: Readonly<Record<string, string>>;
  readonly targetRps?: number | undefined;
}

export interface CapacityCost {
  /** The node type the profile stands for; null when none is configured. */
  readonly nodeType: string | null;
  readonly perHour: number | null;
  readonly currency: string | null;
  readonly targetRps: number | null;
  /** Nodes that carry `targetRps` with the tax within budget; null without a target or a capacity. */
  readonly nodesNeeded: number | null;
  /** The cost of those nodes per hour; null without a price. */
  readonly fleetPerHour: number | null;
  /** Money per million requests at the capacity (a node kept busy at it); null without a price or a capacity. */
  readonly costPerMillionRequests: number | null;
  /** What is missing for a money figure, in words; empty when nothing is. */
  readonly note: string;
}

/** ceil(target / capacity): whole nodes, each loaded at most to its capacity within budget. */
export function nodesNeeded(targetRps: number, capacityRps: number): number | null {
  if (!(capacityRps > 0) || !(targetRps > 0)) return null;
  return Math.ceil(targetRps / capacityRps - 1e-9);
}

/** perHour / (capacity × 3600) × 10⁶. */
export function costPerMillionRequests(perHour: number, capacityRps: number): number | null {
  if (!(capacityRps > 0)) return null;
  return (perHour / (capacityRps * 3600)) * 1e6;
}

/** Cores both sidecars keep busy at `rps`, from their millicores per 1000 rps. */
export function sidecarCoresAt(millicoresPer1000Rps: number | null, rps: number | null): number | null {
  if (millicoresPer1000Rps === null || rps === null) return null;
  return (millicoresPer1000Rps / 1000) * (rps / 1000);
}

/** `nodeTypes[profile]`, else `nodeType`, else the profile's own name when it has a price. */
export function nodeTypeFor(profile: string, pricing: PricingInput): string | null {
  return pricing.nodeTypes[profile] ?? pricing.nodeType ?? (profile in pricing.prices ? profile : null);
}

export function capacityCost(profile: string, capacityRps: number | null, pricing: PricingInput): CapacityCost {
  const nodeType = nodeTypeFor(profile, pricing);
  // Stryker disable next-line ConditionalExpression: equivalent, no price is keyed "null"
  const price = nodeType === null ? undefined : pricing.prices[nodeType];
  const targetRps = pricing.targetRps ?? null;
  // a missing target or capacity counts as 0 rps, which nodesNeeded answers with null
  const nodes = nodesNeeded(targetRps ?? 0, capacityRps ?? 0);
  return {
    nodeType,
    perHour: price?.perHour ?? null,
    currency: price?.currency ?? null,
    targetRps,
    nodesNeeded: nodes,
    fleetPerHour: price === undefined || nodes === null ? null : nodes * price.perHour,
    costPerMillionRequests: price === undefined ? null : costPerMillionRequests(price.perHour, capacityRps ?? 0),
    note: missingNote(profile, nodeType, price, targetRps),
  };
}

function missingNote(profile: string, nodeType: string | null, price: Price | undefined, targetRps: number | null): string {
  const notes: string[] = [];
  if (nodeType === null) notes.push(`no node type for ${profile} (bench.config.ts capacity.nodeType or capacity.nodeTypes, or --node-type)`);
  else if (price === undefined) notes.push(`no price for node type ${nodeType} (bench.config.ts prices)`);
  if (targetRps === null) notes.push('no target load (bench.config.ts capacity.targetRps or --target-rps)');
  return notes.join('; ');
}
