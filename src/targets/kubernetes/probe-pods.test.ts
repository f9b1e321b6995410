/** The probe DaemonSet as applied, and the container → host pid mapping read from a node (a fixture node here). */
import { describe, expect, it } from 'vitest';
import type { NodeReader } from '../../probes/index.js';
import { containerPids, podCgroupOf, podCpuCgroup } from './container-pids.js';
import { probeDaemonSetManifest } from './probe-pods.js';

const ID_A = 'a'.repeat(64);
const ID_B = 'b'.repeat(64);

/** A node whose /proc holds the given pids' cgroup files (by hand: cgroup v1, cgroupfs and systemd layouts). */
function fixtureNode(cgroups: Record<number, string>): NodeReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    where: 'DaemonSet pod p on node n1',
    reads,
    list: async (dir) => (dir === '/proc' ? [...Object.keys(cgroups), 'self', 'stat'] : []),
    read: async (path) => {
      reads.push(path);
      const pid = Number(/^\/proc\/(\d+)\/cgroup$/.exec(path)?.[1]);
      const text = cgroups[pid];
      if (text === undefined) throw Object.assign(new Error(`${path}: gone`), { code: 'ENOENT' });
      return text;
    },
    close: async () => undefined,
  };
}

describe('container → host pid, from the node', () => {
  it('finds each container\'s first process through the node\'s reader, not this host\'s /proc', async () => {
    const node = fixtureNode({
      1: '4:cpu,cpuacct:/\n',
      700: `4:cpu,cpuacct:/kubepods/burstable/pod1a2b/${ID_A}\n`,
      701: `4:cpu,cpuacct:/kubepods/burstable/pod1a2b/${ID_A}\n`,
      900: `0::/kubepods.slice/kubepods-pod9.slice/cri-containerd-${ID_B}.scope\n`,
    });
    const pids = await containerPids([ID_A, ID_B, 'short'], node);
    expect(Object.fromEntries(pids)).toEqual({ [ID_A]: 700, [ID_B]: 900 });
    expect(node.reads.every((r) => /^\/proc\/\d+\/cgroup$/.test(r))).toBe(true);
    expect(await podCpuCgroup(701, node)).toBe('/kubepods/burstable/pod1a2b');
    expect(await podCpuCgroup(555, node)).toBeUndefined();
  });

  it('finds nothing on a node that does not hold the containers', async () => {
    expect((await containerPids([ID_A], fixtureNode({ 1: '4:cpu,cpuacct:/\n' }))).size).toBe(0);
  });

  it('claims no pod cgroup from a path seen inside a private cgroup namespace', () => {
    expect(podCgroupOf(`0::/../../kubepods/pod9f8e/${ID_A}\n`)).toBeUndefined();
  });
});

describe('the probe DaemonSet', () => {
  const manifest = probeDaemonSetManifest({
    namespace: 'meshtax-run-1',
    name: 'dedicated-probes',
    profile: 'dedicated',
    nodes: ['node-a', 'node-b'],
    images: { app: 'registry.example.com/team/meshtax-app:1', envoy: 'x' },
    imagePullPolicy: 'IfNotPresent',
  }) as { metadata: { namespace: string }; spec: { template: { spec: Record<string, unknown> & { containers: Array<Record<string, unknown>>; volumes: unknown[] } } } };
  const pod = manifest.spec.template.spec;
  const container = pod.containers[0]!;

  it('runs privileged with hostPID in the run namespace, from the app image', () => {
    expect(manifest.metadata.namespace).toBe('meshtax-run-1');
    expect(pod.hostPID).toBe(true);
    expect(container.securityContext).toEqual({ privileged: true });
    expect(container.image).toBe('registry.example.com/team/meshtax-app:1');
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  it('mounts the node\'s /proc and cgroup filesystems read-only under /host', () => {
    expect(container.volumeMounts).toEqual([
      { name: 'node-proc', mountPath: '/host/proc', readOnly: true },
      { name: 'node-cgroup', mountPath: '/host/sys/fs/cgroup', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'node-proc', hostPath: { path: '/proc', type: 'Directory' } },
      { name: 'node-cgroup', hostPath: { path: '/sys/fs/cgroup', type: 'Directory' } },
    ]);
  });

  it('goes only to the nodes in use, whatever their taints', () => {
    expect(JSON.stringify(pod.affinity)).toContain('{"matchFields":[{"key":"metadata.name","operator":"In","values":["node-a","node-b"]}]}');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
  });
});
