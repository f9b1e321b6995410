/**
 * The local target: every node of a profile is a network namespace (or loopback) on this machine,
 * every "pod" a process. It owns the run's private folder under `.meshtax/runs/`, claimed with the
 * harness's pid so the next run can sweep what a killed run left behind.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { localStateDir } from '../../paths.js';
import { createSocketDir } from '../../sidecar/index.js';
import type { ProcessSpec } from '../../probes/index.js';
import type { RunContext } from '../../process/index.js';
import type { ProfileSetup } from '../../record/index.js';
import type { DeployedProfile, Deployment, Fidelity, ProbeWatch, ProfileRequest, Target } from '../target.js';
import { deployAmbient } from './deploy-ambient.js';
import { deployLocal } from './deploy.js';
import { nodesForProfile, type ProfileNodes } from './nodes.js';
import { claimRunDir, releaseRunDir, sweepDeadRuns } from './sweep.js';

export interface LocalTargetOptions {
  /** Where run folders go (default: the project's `.meshtax/runs`). */
  readonly runsDir?: string;
}

export function localTarget(options: LocalTargetOptions = {}): Target {
  const runsDir = options.runsDir ?? path.join(localStateDir, 'runs');
  return {
    name: 'local',
    sweepLeftovers: () => sweepDeadRuns(runsDir),
    async open(ctx) {
      const folders = await privateRunDir(ctx, runsDir);
      return { deployProfile: (request) => deployProfile(ctx, folders, request) };
    },
  };
}

interface RunFolders {
  readonly runDir: string;
  /** Short, under the temp dir: unix socket paths must fit 108 bytes whatever the checkout's depth. */
  readonly socketDir: string;
}

async function deployProfile(ctx: RunContext, { runDir, socketDir }: RunFolders, request: ProfileRequest): Promise<DeployedProfile> {
  const { profile, definition, loaded } = request;
  const link = loaded.scenario.link;
  const nodes = await nodesForProfile(ctx, ctx.runId, profile, definition, { linkDelayMs: link.delayMs, linkJitterMs: link.jitterMs });
  const fidelity = interceptionFidelity(nodes, loaded.scenario.sidecar.interception);
  const netns = nodes.network ? { client: nodes.network.client.netns, server: nodes.network.server.netns } : undefined;
  const input = { profile, loaded, envoyBinary: request.envoyBinary, runDir, socketDir, nodes, fidelity, netns };
  const ambient = request.dataPlane === 'ambient';
  const deployment = ambient ? await deployAmbient(ctx, input, request.ztunnel) : await deployLocal(ctx, input);
  const setup = profileSetup(profile, definition.kind, nodes, link.delayMs);
  return {
    deployment,
    setup: { ...setup, fidelity: ambient ? nodes.fidelity : fidelity, ...(ambient ? { dataPlane: 'ambient' as const, notes: [...setup.notes, ambientNote(request.ztunnel)] } : {}) },
    watch: probeWatch(deployment, nodes),
  };
}

function ambientNote(z: ProfileRequest['ztunnel']): string {
  const built = z ? `ztunnel ${z.commit} (${z.source}${z.features.length ? `, features ${z.features.join(',')}` : ''})` : 'ztunnel';
  return `ambient: ${built} per node, dedicated mode, HBONE on 15008, iptables capture; identities from ztunnel's compiled-in test CA (FAKE_CA), not the run's CA — the same TLS 1.3`;
}

/** Capture needs the nodes' namespaces; on loopback the sidecars keep their own ports, and the record says so. */
function interceptionFidelity(nodes: ProfileNodes, interception: 'none' | 'iptables'): Fidelity {
  if (interception === 'none' || nodes.network) return nodes.fidelity;
  return {
    level: 'reduced',
    reason: `${nodes.fidelity.reason}; sidecar.interception "iptables" NOT applied (no node namespaces): the load calls the client sidecar's own port, minimal listener layout, no netfilter redirect in the path`,
  };
}

function profileSetup(profile: string, kind: ProfileSetup['kind'], nodes: ProfileNodes, linkDelayMs: number): ProfileSetup {
  return {
    profile,
    kind,
    fidelity: nodes.fidelity,
    clientCpus: nodes.plan.client,
    serverCpus: nodes.plan.server,
    neighbourCpus: nodes.plan.neighbour ?? null,
    quotaPct: nodes.plan.quotaPct ?? null,
    neighbourDutyPct: nodes.plan.neighbour === undefined ? 0 : nodes.plan.neighbourDutyPct,
    linkDelayMs: nodes.network?.linkDelay.applied ? linkDelayMs : 0,
    notes: [...nodes.plan.notes],
  };
}

function probeWatch(deployment: Deployment, nodes: ProfileNodes): ProbeWatch {
  const processes: ProcessSpec[] = deployment.processes.map((p) => ({ pid: p.pid, role: p.role, name: p.name.replaceAll(' ', '-') }));
  for (const [i, pid] of (nodes.neighbour?.pids ?? []).entries()) processes.push({ pid, role: 'neighbour', name: `neighbour-${i}` });
  const cgroups = (['client', 'server', 'neighbour'] as const).flatMap((node) => {
    const cgroup = nodes.cgroups[node];
    return cgroup ? [{ cgroup: cgroup.path, name: `cgroup-${node}` }] : [];
  });
  return { processes, cgroups };
}

async function privateRunDir(ctx: RunContext, runsDir: string): Promise<RunFolders> {
  await mkdir(runsDir, { recursive: true });
  const runDir = await mkdtemp(path.join(runsDir, `${ctx.runId}-`));
  const socketDir = await createSocketDir().catch(async (error: unknown) => {
    await rm(runDir, { recursive: true, force: true });
    throw error;
  });
  ctx.defer(`remove ${runDir}`, () => releaseRunDir(runDir, ctx.runId, socketDir));
  ctx.defer(`remove ${socketDir}`, () => rm(socketDir, { recursive: true, force: true }));
  await claimRunDir(runDir, ctx.runId, socketDir);
  return { runDir, socketDir };
}
