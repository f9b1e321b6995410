/**
 * How a profile's containers are probed: through this host's /proc when the harness runs on their
 * node (the local single-node cluster), else through a short-lived privileged DaemonSet on the
 * nodes in use — hostPID, the node's /proc and cgroup filesystems mounted read-only under /host —
 * with one reader process per node (`kubectl exec -i <probe pod> -- node -e <reader>`) kept open
 * for the run and spoken to in newline JSON (probes/stream-node-reader.ts). The DaemonSet lives in
 * the run namespace and goes with it; each reader is a child of the run, stopped by its teardown.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import { hostMountTranslation, localNodeReader, NODE_READER_PROGRAM, openStreamNodeReader, type NodeReader, type ReaderStream } from '../../probes/index.js';
import { spawnChild, type RunContext } from '../../process/index.js';
import { containerPids } from './container-pids.js';
import { NODE_IN_APP_IMAGE, type ImageRefs } from './images.js';
import type { Kubectl } from './kubectl.js';
import type { Manifest } from './manifests.js';
import { labelValue, objectName, PROFILE_LABEL, ROLE_LABEL } from './names.js';

/** `auto`: this host's /proc when it holds the containers, else the DaemonSet; the others force one. */
export type ProbeAccessSetting = 'auto' | 'local' | 'daemonset';

export const PROBES_ROLE = 'probes';
/** Where the probe pod mounts the node's /proc and /sys/fs/cgroup. */
export const HOST_MOUNT_ROOT = '/host';
const IDLE_PROGRAM = 'setInterval(() => {}, 2 ** 30)';

export interface ProbeDaemonSetInput {
  readonly namespace: string;
  readonly name: string;
  readonly profile: string;
  /** The nodes in use: the DaemonSet runs there only. */
  readonly nodes: readonly string[];
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
}

export function probeDaemonSetManifest(input: ProbeDaemonSetInput): Manifest {
  const labels = { [PROFILE_LABEL]: labelValue(input.profile), [ROLE_LABEL]: PROBES_ROLE };
  const hostMount = (name: string, path: string) => ({
    volume: { name, hostPath: { path, type: 'Directory' } },
    mount: { name, mountPath: `${HOST_MOUNT_ROOT}${path}`, readOnly: true },
  });
  const mounts = [hostMount('node-proc', '/proc'), hostMount('node-cgroup', '/sys/fs/cgroup')];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          hostPID: true,
          terminationGracePeriodSeconds: 1,
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          // The nodes in use, by name (what the DaemonSet controller itself matches on); any taint a pool carries.
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [...input.nodes] }] }] } } },
          tolerations: [{ operator: 'Exists' }],
          containers: [
            {
              name: 'probe',
              image: input.images.app,
              imagePullPolicy: input.imagePullPolicy,
              args: ['-e', IDLE_PROGRAM],
              securityContext: { privileged: true },
              volumeMounts: mounts.map((m) => m.mount),
            },
          ],
          volumes: mounts.map((m) => m.volume),
        },
      },
    },
  };
}

export interface ProbeAccessInput {
  readonly kube: Kubectl;
  readonly namespace: string;
  readonly profile: string;
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  readonly readyTimeoutMs: number;
  readonly setting: ProbeAccessSetting;
}

/** Where each node's files are read, and whether that is this host's /proc or the node's probe pod. */
export interface ProbeAccess {
  readonly how: 'local' | 'daemonset';
  /** Node name → its reader. */
  readonly readers: ReadonlyMap<string, NodeReader>;
}

/** Opens the readers for the nodes the profile's pods run on; `containerIds` decide `auto`. */
export async function openProbeAccess(ctx: RunContext, input: ProbeAccessInput, nodes: readonly string[], containerIds: readonly string[]): Promise<ProbeAccess> {
  if (input.setting !== 'daemonset') {
    const local = localNodeReader();
    ctx.defer('close the local probe reader', local.close);
    const found = await containerPids(containerIds, local);
    if (input.setting === 'local' || found.size === new Set(containerIds.filter((id) => id.length >= 12)).size) return { how: 'local', readers: new Map(nodes.map((n) => [n, local])) };
  }
  const name = objectName(input.profile, PROBES_ROLE);
  const manifest = probeDaemonSetManifest({ namespace: input.namespace, name, profile: input.profile, nodes, images: input.images, imagePullPolicy: input.imagePullPolicy });
  await input.kube.run(['apply', '-f', '-'], { input: JSON.stringify(manifest) });
  const pods = await waitProbePods(input.kube, input.namespace, `${PROFILE_LABEL}=${labelValue(input.profile)},${ROLE_LABEL}=${PROBES_ROLE}`, nodes, input.readyTimeoutMs, ctx.signal);
  const readers = new Map<string, NodeReader>();
  for (const [node, pod] of pods) readers.set(node, await execReader(ctx, input.kube, input.namespace, pod, node));
  return { how: 'daemonset', readers };
}

const ProbePodListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), deletionTimestamp: z.string().optional() }),
      spec: z.object({ nodeName: z.string().optional() }),
      status: z.object({ conditions: z.array(z.object({ type: z.string(), status: z.string() })).optional(), containerStatuses: z.array(z.object({ state: z.object({ waiting: z.object({ reason: z.string().optional() }).optional() }).optional() })).optional() }).optional(),
    }),
  ),
});

/** The Ready probe pod on each node (node → pod name). */
async function waitProbePods(kube: Kubectl, namespace: string, selector: string, nodes: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<Map<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no probe pod yet';
  while (Date.now() < deadline) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
    const pods = ProbePodListSchema.parse(await kube.json(['get', 'pods', '-n', namespace, '-l', selector])).items.filter((p) => !p.metadata.deletionTimestamp);
    const ready = new Map(pods.filter((p) => p.spec.nodeName && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((p) => [p.spec.nodeName!, p.metadata.name]));
    if (nodes.every((n) => ready.has(n))) return ready;
    const waiting = pods.flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason).filter(Boolean));
    last = `${ready.size} of ${nodes.length} node(s) ready${waiting.length ? ` (${waiting.join(', ')})` : ''}`;
    await sleep(300);
  }
  throw new EnvironmentError(
    `the probe DaemonSet in ${namespace} was not Ready on ${nodes.join(', ')} within ${timeoutMs / 1000} s (${last})`,
    'It runs privileged with hostPID and the node\'s /proc and /sys/fs/cgroup mounted: the cluster must allow privileged pods in the run namespace (Pod Security "privileged"). Or probe locally with targets.kubernetes.probes: "local" when the harness runs on the node.',
  );
}

async function execReader(ctx: RunContext, kube: Kubectl, namespace: string, pod: string, node: string): Promise<NodeReader> {
  const base = [...(kube.kubeconfig ? ['--kubeconfig', kube.kubeconfig] : []), ...(kube.context ? ['--context', kube.context] : [])];
  const child = spawnChild(ctx, {
    name: `probe reader on node ${node}`,
    file: kube.binary,
    args: [...base, 'exec', '-i', '-n', namespace, pod, '-c', 'probe', '--', NODE_IN_APP_IMAGE, '-e', NODE_READER_PROGRAM],
    stdinPipe: true,
  });
  const stdin = child.process.stdin!;
  // A write after kubectl exited fails with EPIPE: the read then times out and the probe notes it; the run hears of the exit from spawnChild.
  stdin.on('error', () => undefined);
  const stdout = child.process.stdout!;
  const stream: ReaderStream = {
    send: (line) => void stdin.write(line),
    onLine: (handler) => {
      let pending = '';
      stdout.setEncoding('utf8');
      stdout.on('data', (chunk: string) => {
        pending += chunk;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          handler(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
    },
    end: () => child.stop(),
  };
  try {
    return await openStreamNodeReader({ where: `DaemonSet pod ${pod} on node ${node}`, stream, translate: hostMountTranslation(HOST_MOUNT_ROOT) });
  } catch (error) {
    throw new EnvironmentError(`the probe reader in pod ${namespace}/${pod} did not start: ${(error as Error).message}${child.stderrTail() ? `\n${child.stderrTail()}` : ''}`, '`kubectl exec` into the probe pod must work from the harness (RBAC pods/exec).');
  }
}
