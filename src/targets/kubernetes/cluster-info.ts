/** What the record says about the cluster: the API server's version and each node's inventory. */
import { z } from 'zod';
import type { ClusterNode } from '../../record/index.js';
import type { Kubectl } from './kubectl.js';

const VersionSchema = z.object({ serverVersion: z.object({ gitVersion: z.string() }) });

const NodeListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), labels: z.record(z.string(), z.string()).optional() }),
      status: z.object({
        capacity: z.record(z.string(), z.string()).optional(),
        allocatable: z.record(z.string(), z.string()).optional(),
        nodeInfo: z.object({ kubeletVersion: z.string(), containerRuntimeVersion: z.string(), osImage: z.string(), kernelVersion: z.string() }),
      }),
    }),
  ),
});

export async function serverVersion(kube: Kubectl): Promise<string> {
  return VersionSchema.parse(await kube.json(['version'])).serverVersion.gitVersion;
}

export async function clusterNodes(kube: Kubectl): Promise<ClusterNode[]> {
  const nodes = NodeListSchema.parse(await kube.json(['get', 'nodes'])).items;
  const policies = await Promise.all(nodes.map((n) => cpuManagerPolicy(kube, n.metadata.name)));
  return nodes.map((n, i) => ({
    name: n.metadata.name,
    kubeletVersion: n.status.nodeInfo.kubeletVersion,
    containerRuntime: n.status.nodeInfo.containerRuntimeVersion,
    osImage: n.status.nodeInfo.osImage,
    kernel: n.status.nodeInfo.kernelVersion,
    capacity: { cpu: n.status.capacity?.cpu ?? '?', memory: n.status.capacity?.memory ?? '?' },
    allocatable: { cpu: n.status.allocatable?.cpu ?? '?', memory: n.status.allocatable?.memory ?? '?' },
    labels: n.metadata.labels ?? {},
    cpuManagerPolicy: policies[i] ?? null,
  }));
}

const ConfigzSchema = z.object({ kubeletconfig: z.object({ cpuManagerPolicy: z.string().optional() }) });

/**
 * The kubelet's CPU manager policy, from its /configz through the API server's node proxy
 * (needs `nodes/proxy`; null when that is refused or the kubelet does not answer). A kubelet
 * that leaves the field out runs the default, `none`.
 */
export async function cpuManagerPolicy(kube: Kubectl, node: string): Promise<string | null> {
  try {
    const configz = ConfigzSchema.parse(JSON.parse(await kube.run(['get', '--raw', `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`], { timeoutMs: 15_000 })));
    return configz.kubeletconfig.cpuManagerPolicy ?? 'none';
  } catch {
    return null;
  }
}
