/**
 * The network of a node set: a client and a server network namespace joined by a veth pair (the
 * node link, optionally delayed with netem), plus one host link from the root namespace into each
 * node so the harness itself (mTLS checks, health probes, anything that opens a socket in-process)
 * reaches a node by the same address the other node uses.
 *
 * Why host links and not `ip netns exec` for the harness's checks: Node cannot enter a namespace
 * in-process (no setns), so `ip netns exec` would mean a separate script per check and a process
 * start per call. With a /32 route per node through its host link, `http.get('http://<server>:…')`
 * from the harness just works, and the node link carries only node-to-node traffic, so netem on it
 * never delays the harness. Unix sockets (Envoy admin) are files and need nothing.
 *
 * Undo: every namespace is deleted (its processes SIGKILLed first, so none keeps it alive); every
 * root-namespace host link is deleted explicitly (the kernel would also do it when the namespace
 * goes, but asynchronously), which takes its /32 route with it. What lives inside a namespace
 * (node link, addresses, netem qdiscs) goes with the namespace.
 */
import type { RunContext } from '../../process/run-context.js';
import { EnvironmentError } from '../../errors.js';
import { HOST_LINK_IN_NS, nodeSetNames, pickAddressPlan, type AddressPlan, type NodeSetNames } from './names.js';
import { killAndWait, runTool, sleep } from './system.js';

export interface NodeNetworkOptions {
  /** One-way delay added by netem at each end of the node link (RTT grows by twice this). */
  readonly linkDelayMs?: number;
  /** netem jitter (± ms) at each end; needs no delay but is usually used with one. */
  readonly linkJitterMs?: number;
  /** The node profile this network is for; part of the names so profiles can coexist. */
  readonly profile?: string | undefined;
  /**
   * What to do when netem cannot be added (a kernel without sch_netem): `throw` (default), or
   * `record` — carry on without the delay and say why in `linkDelay.problem`.
   */
  readonly onNetemMissing?: 'throw' | 'record';
}

export interface LinkDelay {
  /** One-way delay at each end, ms (RTT across the link grows by twice this). */
  readonly delayMs: number;
  readonly jitterMs: number;
  /** false when a delay was asked for and netem could not be added. */
  readonly applied: boolean;
  readonly problem?: string;
}

export interface NetworkNode {
  readonly netns: string;
  /** The node's address on the node link; the harness reaches it too, through the host link. */
  readonly address: string;
  /** Node-link interface inside the namespace (netem sits here). */
  readonly linkDevice: string;
  /** Root-namespace end of this node's host link. */
  readonly hostLink: string;
}

export interface NodeNetwork {
  readonly names: NodeSetNames;
  readonly addresses: AddressPlan;
  readonly client: NetworkNode;
  readonly server: NetworkNode;
  readonly linkDelay: LinkDelay;
}

export async function listNetns(): Promise<string[]> {
  const out = await runTool('ip', ['netns', 'list']);
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

/** Pids of processes in `ns` (empty when the namespace is gone). */
export async function netnsPids(ns: string): Promise<number[]> {
  try {
    const out = await runTool('ip', ['netns', 'pids', ns]);
    return out.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kills what still runs in `ns`, then deletes it. Idempotent. */
export async function deleteNetns(ns: string): Promise<void> {
  if (!(await listNetns()).includes(ns)) return;
  const left = await killAndWait(await netnsPids(ns));
  await runTool('ip', ['netns', 'del', ns]);
  if (left.length > 0) throw new Error(`processes ${left.join(', ')} in ${ns} did not die on SIGKILL`);
}

async function deleteLink(device: string): Promise<void> {
  const exists = await runTool('ip', ['-o', 'link', 'show', 'dev', device]).then(
    () => true,
    () => false,
  );
  if (exists) await runTool('ip', ['link', 'del', 'dev', device]);
}

/** IPv4 prefixes already in use in the root namespace (addresses and non-default routes). */
async function prefixesInUse(): Promise<string[]> {
  const [addrs, routes] = await Promise.all([runTool('ip', ['-4', '-o', 'addr', 'show']), runTool('ip', ['-4', 'route', 'show', 'table', 'all'])]);
  const out: string[] = [];
  for (const m of addrs.matchAll(/\binet (\d+\.\d+\.\d+\.\d+\/\d+)/g)) out.push(m[1]!);
  for (const line of routes.split('\n')) {
    const dest = line.trim().split(/\s+/);
    const prefix = dest[0] === 'local' || dest[0] === 'broadcast' || dest[0] === 'unicast' ? dest[1] : dest[0];
    if (prefix && /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(prefix)) out.push(prefix);
  }
  return out.filter((p) => !p.startsWith('127.'));
}

/**
 * Creates the node set's namespaces and links. Each step registers its undo with `ctx` as soon as
 * it succeeds; an error leaves what was made so far to the run's unwind.
 */
export async function createNodeNetwork(ctx: RunContext, runId: string, opts: NodeNetworkOptions = {}): Promise<NodeNetwork> {
  const names = nodeSetNames(runId, opts.profile);
  const delayMs = opts.linkDelayMs ?? 0;
  const jitterMs = opts.linkJitterMs ?? 0;
  if (delayMs < 0 || jitterMs < 0) throw new EnvironmentError(`link delay and jitter must be ≥ 0 (got ${delayMs} ms, ${jitterMs} ms)`);
  const existing = await listNetns();
  for (const ns of [names.clientNs, names.serverNs]) {
    if (existing.includes(ns)) {
      throw new EnvironmentError(`network namespace ${ns} already exists`, `A run with the same id is running, or one crashed: \`ip netns del ${ns}\`.`);
    }
  }
  const addresses = pickAddressPlan(names.setTag, await prefixesInUse());

  for (const ns of [names.clientNs, names.serverNs]) {
    await runTool('ip', ['netns', 'add', ns]);
    ctx.defer(`delete network namespace ${ns}`, () => deleteNetns(ns));
    await runTool('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  }

  // The node link, created directly inside the two namespaces.
  await runTool('ip', ['link', 'add', names.clientLink, 'netns', names.clientNs, 'type', 'veth', 'peer', 'name', names.serverLink, 'netns', names.serverNs]);
  const client: NetworkNode = { netns: names.clientNs, address: addresses.client, linkDevice: names.clientLink, hostLink: names.clientHostLink };
  const server: NetworkNode = { netns: names.serverNs, address: addresses.server, linkDevice: names.serverLink, hostLink: names.serverHostLink };
  let netemProblem: string | undefined;
  for (const node of [client, server]) {
    await runTool('ip', ['-n', node.netns, 'addr', 'add', `${node.address}/30`, 'dev', node.linkDevice]);
    await runTool('ip', ['-n', node.netns, 'link', 'set', node.linkDevice, 'up']);
    if ((delayMs > 0 || jitterMs > 0) && netemProblem === undefined) {
      try {
        await runTool('tc', ['-n', node.netns, 'qdisc', 'add', 'dev', node.linkDevice, 'root', ...netemArgs(delayMs, jitterMs)]);
      } catch (error) {
        if (opts.onNetemMissing !== 'record') throw netemError(error);
        netemProblem = netemError(error).message;
      }
    }
  }

  // Host links: root end stays in the root namespace, the other end is `host0` in the node.
  const hostLinks = [
    { node: client, rootAddress: addresses.clientHostRoot, nsAddress: addresses.clientHostNs },
    { node: server, rootAddress: addresses.serverHostRoot, nsAddress: addresses.serverHostNs },
  ];
  for (const { node, rootAddress, nsAddress } of hostLinks) {
    await runTool('ip', ['link', 'add', node.hostLink, 'type', 'veth', 'peer', 'name', HOST_LINK_IN_NS, 'netns', node.netns]);
    ctx.defer(`delete host link ${node.hostLink}`, () => deleteLink(node.hostLink));
    await runTool('ip', ['addr', 'add', `${rootAddress}/30`, 'dev', node.hostLink]);
    await runTool('ip', ['link', 'set', node.hostLink, 'up']);
    await runTool('ip', ['-n', node.netns, 'addr', 'add', `${nsAddress}/30`, 'dev', HOST_LINK_IN_NS]);
    await runTool('ip', ['-n', node.netns, 'link', 'set', HOST_LINK_IN_NS, 'up']);
    // The harness reaches the node's own address through this link (the route goes with the link).
    await runTool('ip', ['route', 'add', `${node.address}/32`, 'via', nsAddress, 'dev', node.hostLink]);
  }

  for (const node of [client, server]) await waitUntilUp(node.netns, node.linkDevice);
  for (const node of [client, server]) await waitUntilUp(node.netns, HOST_LINK_IN_NS);

  const linkDelay: LinkDelay = {
    delayMs,
    jitterMs,
    applied: (delayMs > 0 || jitterMs > 0) && netemProblem === undefined,
    ...(netemProblem !== undefined ? { problem: netemProblem } : {}),
  };
  return { names, addresses, client, server, linkDelay };
}

/** A veth reports carrier a moment after both ends are up (linkwatch); wait for it, bounded. */
async function waitUntilUp(ns: string, device: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = await runTool('ip', ['-n', ns, '-o', 'link', 'show', 'dev', device]);
    if (/\bstate UP\b/.test(line)) return;
    if (Date.now() > deadline) throw new EnvironmentError(`${device} in ${ns} did not come up within ${timeoutMs} ms: ${line.trim()}`);
    await sleep(20);
  }
}

const netemArgs = (delayMs: number, jitterMs: number): string[] => ['netem', 'delay', `${delayMs}ms`, ...(jitterMs > 0 ? [`${jitterMs}ms`] : [])];

function netemError(error: unknown): EnvironmentError {
  const text = (error as Error).message;
  return /unknown|not supported|No such file/i.test(text)
    ? new EnvironmentError(`the kernel has no netem qdisc (sch_netem), so no link delay: ${text}`, 'Load it with `modprobe sch_netem` (CONFIG_NET_SCH_NETEM), or run without a link delay.')
    : new EnvironmentError(`netem could not be added: ${text}`);
}

/**
 * Whether netem works here: tries it on `lo` of a throwaway namespace (root only). For tests and
 * `doctor`; `reason` says what is missing.
 */
export async function netemAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const ns = `mtxprobe-${process.pid}`;
  try {
    await runTool('ip', ['netns', 'add', ns]);
  } catch (error) {
    return { ok: false, reason: `cannot make a network namespace: ${(error as Error).message}` };
  }
  try {
    await runTool('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'lo', 'root', ...netemArgs(1, 0)]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: netemError(error).message };
  } finally {
    await runTool('ip', ['netns', 'del', ns]).catch(() => undefined);
  }
}
