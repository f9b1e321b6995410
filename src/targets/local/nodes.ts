/**
 * The two nodes of one node profile (DESIGN.md "Node profiles"), as real as the machine allows.
 *
 * With root and working `ip netns`: each node is a network namespace (client: load + client
 * sidecar; server: server sidecars + apps) with its own cgroup, joined by a veth node link
 * (optional netem). Profiles:
 *
 * - dedicated: the client node owns the first CPU, the server node the rest (2 CPUs: 0 | 1), or
 *   `profile.cpus` for the server and the rest for the client. No quota, no neighbour.
 * - shared-core: the server node — the node under test, where the server sidecar fights the app
 *   for CPU — gets a CFS quota of `quotaPct` % of one CPU, and a noisy neighbour burns
 *   `neighbourDutyPct` % on the same CPUs. The neighbour has its own cgroup beside the node's
 *   (same cpuset, no quota), so the node's `cpu.stat` counts only the node's own throttling and the
 *   neighbour's duty is not eaten by the node's quota — like another tenant on an oversold host.
 *   The client node stays on its own CPU, unthrottled: a starved load generator would measure
 *   itself, not the mesh (its schedule lag would mark trials invalid).
 * - quotaPct / neighbourDutyPct given explicitly apply to either kind; shared-core without them
 *   uses 60 % and 50 %, the defaults of bench.config.
 *
 * Without root, or when the namespaces cannot be made: the existing loopback nodes, pinned with
 * taskset to the same CPU plan, the neighbour pinned beside the server; `fidelity: reduced` says
 * why and what is not enforced. With namespaces but no usable cgroups: namespaces + taskset,
 * also `reduced`.
 */
import type { NodeProfile } from '../../config/index.js';
import { EnvironmentError } from '../../errors.js';
import type { RunContext } from '../../process/run-context.js';
import type { Fidelity, NodeRuntime } from '../target.js';
import { createNodeCgroup, type NodeCgroup } from './cgroups.js';
import { pinTo } from './loopback.js';
import { startNoisyNeighbour, type NoisyNeighbour } from './neighbour.js';
import { createNodeNetwork, type NodeNetwork } from './netns.js';
import { formatCpuList, parseCpuList } from './names.js';
import { nodeWrapper } from './node-wrapper.js';
import { freePort } from './ports.js';
import { allowedCpuList, isRoot } from './system.js';

export const SHARED_CORE_DEFAULT_QUOTA_PCT = 60;
export const SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT = 50;
/** First port handed out inside a node namespace: below the ephemeral range (32768–60999). */
export const NETNS_FIRST_PORT = 20_000;

export interface NodesForProfileOptions {
  /** One-way netem delay at each end of the node link, ms. */
  readonly linkDelayMs?: number;
  readonly linkJitterMs?: number;
  /** The CPUs to plan with (default: this process's allowed CPUs). */
  readonly hostCpus?: string;
  /** Skip namespaces and cgroups, with this reason (e.g. a `--loopback` flag). */
  readonly forceLoopback?: string;
}

/** Where a node's CPU accounting is, for the throttling probe. */
export interface NodeCgroupInfo {
  readonly version: 'v1' | 'v2';
  /** Relative to the hierarchy root: `createCgroupThrottlingProbe({ cgroup: path })`. */
  readonly path: string;
  readonly cpuStatPath: string;
  readonly cpus: string | undefined;
  readonly quotaPct: number | undefined;
}

export interface CpuPlan {
  /** The client sidecar's CPUs. */
  readonly client: string;
  /** The load agent's CPUs, in the client node: its own where the machine has the CPUs, else the client sidecar's. */
  readonly agent: string;
  readonly server: string;
  /** Undefined: no neighbour. */
  readonly neighbour: string | undefined;
  readonly quotaPct: number | undefined;
  readonly neighbourDutyPct: number;
  /** Compromises the machine forced (e.g. one CPU: both nodes share it). */
  readonly notes: readonly string[];
}

export interface ProfileNodes {
  readonly profile: string;
  readonly client: NodeRuntime;
  readonly server: NodeRuntime;
  readonly fidelity: Fidelity;
  readonly plan: CpuPlan;
  /** The nodes' cgroups (absent in reduced fidelity): cpu.stat paths for the throttling probe. */
  readonly cgroups: { readonly client?: NodeCgroupInfo; readonly server?: NodeCgroupInfo; readonly neighbour?: NodeCgroupInfo };
  /** Namespaces, addresses, links; undefined on loopback. */
  readonly network: NodeNetwork | undefined;
  readonly neighbour: NoisyNeighbour | undefined;
  /**
   * A port for a listener on `node`. Inside a namespace only this run's processes listen, so ports
   * are handed out from a counter (the harness cannot bind a node's address to ask the kernel); on
   * loopback, a port the kernel just handed out.
   */
  portFor(node: 'client' | 'server'): Promise<number>;
}

/** Which CPUs each node (and the neighbour) gets, and the quota, for a profile on these CPUs. */
export function planNodeCpus(profile: NodeProfile, hostCpuList: string): CpuPlan {
  const host = parseCpuList(hostCpuList);
  if (host.length === 0) throw new EnvironmentError(`no CPUs to run on (allowed: "${hostCpuList}")`);
  const notes: string[] = [];
  let server: number[];
  if (profile.cpus !== undefined) {
    server = parseCpuList(profile.cpus);
    const foreign = server.filter((c) => !host.includes(c));
    if (foreign.length > 0) {
      throw new EnvironmentError(
        `the profile asks for CPUs ${profile.cpus}, but this process may only use ${hostCpuList}`,
        'Change `cpus` of the profile in bench.config.ts, or leave it out to split the CPUs between the nodes.',
      );
    }
  } else {
    // ≥ 3 CPUs: load agent | client sidecar | server node; 2: client node | server node.
    server = host.length >= 3 ? host.slice(2) : host.length >= 2 ? host.slice(1) : host;
  }
  let clientNode = host.filter((c) => !server.includes(c));
  const spare = clientNode.length >= 2;
  if (clientNode.length === 0) {
    clientNode = server;
    notes.push(host.length === 1 ? 'one CPU: both nodes share it' : 'the server node has every CPU: the client node shares them');
  }
  // The load agent never shares a CPU with the client sidecar where there is one to spare.
  const [agent, client] = spare ? [clientNode.slice(0, 1), clientNode.slice(1)] : [clientNode, clientNode];
  if (!spare) notes.push('the load agent shares the client sidecar’s CPU (none to spare; its CPU use is measured)');
  const shared = profile.kind === 'shared-core';
  const quotaPct = profile.quotaPct ?? (shared ? SHARED_CORE_DEFAULT_QUOTA_PCT : undefined);
  const neighbourDutyPct = profile.neighbourDutyPct ?? (shared ? SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT : 0);
  const serverList = formatCpuList(server);
  return {
    client: formatCpuList(client),
    agent: formatCpuList(agent),
    server: serverList,
    neighbour: neighbourDutyPct > 0 ? serverList : undefined,
    quotaPct,
    neighbourDutyPct,
    notes,
  };
}

/** The client node's cgroup holds the client sidecar and the load agent. */
const clientNodeCpus = (plan: CpuPlan): string => formatCpuList([...new Set([...parseCpuList(plan.agent), ...parseCpuList(plan.client)])].sort((a, b) => a - b));
const info = (cg: NodeCgroup): NodeCgroupInfo => ({ version: cg.version, path: cg.path, cpuStatPath: cg.cpuStatPath, cpus: cg.cpus, quotaPct: cg.quotaPct });
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function describePlan(plan: CpuPlan): string {
  const agent = plan.agent === plan.client ? '' : `, load agent CPUs ${plan.agent}`;
  const parts = [`client CPUs ${plan.client}${agent}`, `server CPUs ${plan.server}${plan.quotaPct !== undefined ? `, CFS quota ${plan.quotaPct}%` : ''}`];
  if (plan.neighbour !== undefined) parts.push(`noisy neighbour ${plan.neighbourDutyPct}% on CPUs ${plan.neighbour}`);
  return parts.concat(plan.notes).join('; ');
}

export async function nodesForProfile(
  ctx: RunContext,
  runId: string,
  profileName: string,
  profile: NodeProfile,
  opts: NodesForProfileOptions = {},
): Promise<ProfileNodes> {
  const plan = planNodeCpus(profile, opts.hostCpus ?? (await allowedCpuList()));

  let network: NodeNetwork | undefined;
  let why: string | undefined = opts.forceLoopback;
  if (why === undefined && !isRoot()) why = 'not running as root (network namespaces and cgroups need it)';
  if (why === undefined) {
    try {
      network = await createNodeNetwork(ctx, runId, {
        linkDelayMs: opts.linkDelayMs,
        linkJitterMs: opts.linkJitterMs,
        profile: profileName,
        onNetemMissing: 'record',
      });
    } catch (error) {
      why = `network namespaces could not be made (${message(error)})`;
    }
  }

  if (network === undefined) return loopbackProfile(ctx, profileName, plan, why ?? 'loopback', opts);

  let cgroups: { client: NodeCgroup; server: NodeCgroup; neighbour: NodeCgroup | undefined } | undefined;
  let cgroupProblem: string | undefined;
  try {
    const client = await createNodeCgroup(ctx, `${profileName}/client`, { cpus: clientNodeCpus(plan) });
    const server = await createNodeCgroup(ctx, `${profileName}/server`, { cpus: plan.server, quotaPct: plan.quotaPct });
    const neighbour = plan.neighbour === undefined ? undefined : await createNodeCgroup(ctx, `${profileName}/neighbour`, { cpus: plan.neighbour });
    cgroups = { client, server, neighbour };
  } catch (error) {
    cgroupProblem = message(error);
  }

  const net = network;
  const node = (name: 'client' | 'server', cpus: string, cg: NodeCgroup | undefined): NodeRuntime => ({
    name,
    address: net[name].address,
    cpus,
    wrap: nodeWrapper({ netns: net[name].netns, cgroupProcs: cg?.procsFiles, cpus }),
  });
  const client: NodeRuntime = {
    ...node('client', plan.client, cgroups?.client),
    agentCpus: plan.agent,
    agentWrap: nodeWrapper({ netns: net.client.netns, cgroupProcs: cgroups?.client.procsFiles, cpus: plan.agent }),
  };
  const server = node('server', plan.server, cgroups?.server);

  const neighbour =
    plan.neighbour === undefined
      ? undefined
      : startNoisyNeighbour(
          ctx,
          { name: `${profileName} neighbour`, wrap: nodeWrapper({ netns: net.server.netns, cgroupProcs: cgroups?.neighbour?.procsFiles, cpus: plan.neighbour }) },
          { dutyPct: plan.neighbourDutyPct, cpus: plan.neighbour },
        );

  const { linkDelay } = net;
  const link = linkDelay.applied ? `; node link netem ${linkDelay.delayMs} ms ± ${linkDelay.jitterMs} ms each way` : '';
  const where = `namespaces ${net.client.netns} (${net.client.address}) and ${net.server.netns} (${net.server.address})${link}`;
  const problems = [
    cgroupProblem !== undefined
      ? `cgroups unavailable (${cgroupProblem}): CPUs pinned with taskset only${plan.quotaPct !== undefined ? `, the ${plan.quotaPct}% CFS quota is NOT applied` : ''}`
      : undefined,
    linkDelay.problem !== undefined ? `the ${linkDelay.delayMs} ms ± ${linkDelay.jitterMs} ms link delay is NOT applied (${linkDelay.problem})` : undefined,
  ].filter((p): p is string => p !== undefined);
  const version = cgroups === undefined ? '' : `; cgroup ${cgroups.server.version}`;
  const fidelity: Fidelity =
    problems.length > 0
      ? { level: 'reduced', reason: `${problems.join('; ')}; ${where}${version}; ${describePlan(plan)}` }
      : { level: 'full', reason: `${where}${version}; ${describePlan(plan)}` };

  const nextPort = { client: NETNS_FIRST_PORT, server: NETNS_FIRST_PORT };
  return {
    profile: profileName,
    client,
    server,
    fidelity,
    plan,
    cgroups:
      cgroups === undefined
        ? {}
        : { client: info(cgroups.client), server: info(cgroups.server), ...(cgroups.neighbour ? { neighbour: info(cgroups.neighbour) } : {}) },
    network,
    neighbour,
    portFor: async (which) => nextPort[which]++,
  };
}

function loopbackProfile(ctx: RunContext, profileName: string, plan: CpuPlan, why: string, opts: NodesForProfileOptions): ProfileNodes {
  const client: NodeRuntime = { name: 'client', address: '127.0.0.1', cpus: plan.client, wrap: pinTo(plan.client), agentCpus: plan.agent, agentWrap: pinTo(plan.agent) };
  const server: NodeRuntime = { name: 'server', address: '127.0.0.1', cpus: plan.server, wrap: pinTo(plan.server) };
  const neighbour =
    plan.neighbour === undefined
      ? undefined
      : startNoisyNeighbour(ctx, { name: `${profileName} neighbour`, wrap: pinTo(plan.neighbour) }, { dutyPct: plan.neighbourDutyPct, cpus: plan.neighbour });
  const missing = [
    plan.quotaPct !== undefined ? `the ${plan.quotaPct}% CFS quota is NOT applied` : undefined,
    (opts.linkDelayMs ?? 0) > 0 || (opts.linkJitterMs ?? 0) > 0 ? 'the link delay is NOT applied' : undefined,
  ].filter((s): s is string => s !== undefined);
  return {
    profile: profileName,
    client,
    server,
    fidelity: {
      level: 'reduced',
      reason: `${why}: nodes run on loopback, pinned with taskset${missing.length ? `; ${missing.join('; ')}` : ''}; ${describePlan(plan)}`,
    },
    plan,
    cgroups: {},
    network: undefined,
    neighbour,
    portFor: async () => freePort('127.0.0.1'),
  };
}
