/**
 * Names and addresses of a run's nodes, derived from the run id (pure).
 *
 * Interface names are limited to 15 characters (IFNAMSIZ − 1), so namespaces and veths carry a
 * short tag of the run id: the first 6 hex digits of sha256(runId). A node set is one profile of
 * the run (a run over several profiles has several node sets side by side), tagged with 4 more
 * hex digits of sha256(profile); `collidingProfiles` finds the rare pair of profiles that share
 * them, refused before a run starts. Cgroups carry the full run id (its parts are length-capped
 * in the config schema, so each path component stays far below NAME_MAX).
 *
 *   namespaces   mtx-<run6>-<p2>-client, mtx-<run6>-<p2>-server         (in `ip netns list`)
 *   node link    mtx<run6><p2>c (client ns) ══ mtx<run6><p2>s (server ns)   (inside the namespaces)
 *   host links   mtx<run6><p2>hc (root ns) ── host0 (client ns); mtx<run6><p2>hs ── host0 (server ns)
 *   cgroups      <hierarchy>/meshtax/<runId>/<profile>/{client,server,neighbour}
 */
import { createHash } from 'node:crypto';

export const NS_PREFIX = 'mtx-';
export const VETH_PREFIX = 'mtx';
/** The parent cgroup of every run, in each hierarchy (v1) or under the v2 root. */
export const CGROUP_PARENT = 'meshtax';
/** Name of the host-link end inside a node's namespace. */
export const HOST_LINK_IN_NS = 'host0';

const hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** 6 hex digits identifying the run in namespace and interface names. */
export function runTag(runId: string): string {
  return hex(runId).slice(0, 6);
}

export interface NodeSetNames {
  readonly runTag: string;
  /** runTag + 4 hex digits of the profile. */
  readonly setTag: string;
  readonly clientNs: string;
  readonly serverNs: string;
  /** Node link end in the client namespace. */
  readonly clientLink: string;
  /** Node link end in the server namespace. */
  readonly serverLink: string;
  /** Root-namespace end of the host link into the client namespace. */
  readonly clientHostLink: string;
  /** Root-namespace end of the host link into the server namespace. */
  readonly serverHostLink: string;
}

export function nodeSetNames(runId: string, profile = 'default'): NodeSetNames {
  const run = runTag(runId);
  const setTag = `${run}${profileTag(profile)}`;
  return {
    runTag: run,
    setTag,
    clientNs: `${NS_PREFIX}${run}-${setTag.slice(6)}-client`,
    serverNs: `${NS_PREFIX}${run}-${setTag.slice(6)}-server`,
    clientLink: `${VETH_PREFIX}${setTag}c`,
    serverLink: `${VETH_PREFIX}${setTag}s`,
    clientHostLink: `${VETH_PREFIX}${setTag}hc`,
    serverHostLink: `${VETH_PREFIX}${setTag}hs`,
  };
}

const profileTag = (profile: string): string => hex(profile).slice(0, 4);

/** Pairs of profiles whose node sets would get the same names in one run (e.g. `a & b`). */
export function collidingProfiles(profiles: readonly string[]): string[] {
  const byTag = new Map<string, string>();
  const out: string[] = [];
  for (const p of new Set(profiles)) {
    const other = byTag.get(profileTag(p));
    if (other !== undefined) out.push(`${other} & ${p}`);
    else byTag.set(profileTag(p), p);
  }
  return out;
}

/** Namespace-name prefix of every node set of a run (for leftovers). */
export const runNsPrefix = (runId: string): string => `${NS_PREFIX}${runTag(runId)}-`;
/** Root-namespace interface-name prefix of every node set of a run (for leftovers). */
export const runVethPrefix = (runId: string): string => `${VETH_PREFIX}${runTag(runId)}`;

/** The cgroup of a node, relative to the hierarchy root: `/meshtax/<runId>/<profile>/<node>`. */
export function nodeCgroupPath(runId: string, name: string): string {
  return `/${CGROUP_PARENT}/${runId}/${name}`;
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

/**
 * A node set's addresses: one /28 of 198.18.0.0/16 (RFC 2544's range for benchmarking, never
 * routed on the internet) split into three /30s:
 *   .0/30 node link    client .1, server .2
 *   .4/30 host link    root .5, client .6
 *   .8/30 host link    root .9, server .10
 * The root namespace gets /32 routes to the node addresses through the host links, so the harness
 * reaches each node by the same address the other node does.
 */
export interface AddressPlan {
  /** e.g. `198.18.37.32/28` */
  readonly block: string;
  readonly client: string;
  readonly server: string;
  readonly clientHostRoot: string;
  readonly clientHostNs: string;
  readonly serverHostRoot: string;
  readonly serverHostNs: string;
}

const BASE = ipToInt('198.18.0.0');
const BLOCKS = 4096; // /28s in a /16

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function addressPlan(blockIndex: number): AddressPlan {
  const base = BASE + (blockIndex % BLOCKS) * 16;
  const at = (offset: number): string => intToIp(base + offset);
  return {
    block: `${at(0)}/28`,
    client: at(1),
    server: at(2),
    clientHostRoot: at(5),
    clientHostNs: at(6),
    serverHostRoot: at(9),
    serverHostNs: at(10),
  };
}

/** An IPv4 prefix `a.b.c.d/n` as [first, last] integers. */
export function prefixRange(cidr: string): [number, number] {
  const [ip, lenText] = cidr.split('/');
  const len = lenText === undefined ? 32 : Number(lenText);
  const size = 2 ** (32 - len);
  const first = Math.floor(ipToInt(ip!) / size) * size;
  return [first, first + size - 1];
}

/**
 * The first /28 at or after the one the set tag hashes to that overlaps none of `inUse` (prefixes
 * already on the host: addresses and non-default routes of the root namespace).
 */
export function pickAddressPlan(setTag: string, inUse: readonly string[]): AddressPlan {
  const ranges = inUse.map(prefixRange);
  const start = parseInt(setTag, 16) % BLOCKS;
  for (let i = 0; i < BLOCKS; i++) {
    const plan = addressPlan(start + i);
    const [first, last] = prefixRange(plan.block);
    if (!ranges.some(([a, b]) => a <= last && first <= b)) return plan;
  }
  throw new Error('no free /28 left in 198.18.0.0/16 for the node network');
}

// ---------------------------------------------------------------------------------------------
// CPU lists
// ---------------------------------------------------------------------------------------------

/** `"0-2,5"` → [0, 1, 2, 5] */
export function parseCpuList(list: string): number[] {
  const out = new Set<number>();
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error(`not a CPU list: "${list}"`);
    for (let c = a; c <= (b ?? a); c++) out.add(c);
  }
  return [...out].sort((x, y) => x - y);
}

/** [0, 1, 2, 5] → `"0-2,5"` */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
