/**
 * targets — where a scenario runs, behind one `Target` interface (target.ts). `local` is the
 * embedded default; the exports below local's target are its parts, for tests and `doctor`.
 */
export type { CaptureCounts, DeployedAmbient, DeployedInterception, DeployedTelemetry, DeployedProcess, DeployedProfile, Deployment, Fidelity, NodeRuntime, ProbeWatch, ProcessRole, ProfileRequest, SidecarHandle, Target, TargetRun } from './target.js';
export { localTarget, type LocalTargetOptions } from './local/target.js';
export { detectLocalCapabilities, type Capability, type LocalCapabilities } from './local/capabilities.js';
export { pinTo } from './local/loopback.js';
export { freePort } from './local/ports.js';
export {
  nodesForProfile,
  planNodeCpus,
  SHARED_CORE_DEFAULT_NEIGHBOUR_DUTY_PCT,
  SHARED_CORE_DEFAULT_QUOTA_PCT,
  type CpuPlan,
  type NodeCgroupInfo,
  type NodesForProfileOptions,
  type ProfileNodes,
} from './local/nodes.js';
export { createNodeNetwork, deleteNetns, listNetns, type NetworkNode, type NodeNetwork, type NodeNetworkOptions } from './local/netns.js';
export {
  cgroupHierarchiesFromMounts,
  createNodeCgroup,
  detectCgroupHierarchies,
  type CgroupHierarchies,
  type CreateNodeCgroupOptions,
  type NodeCgroup,
  type NodeCgroupOptions,
} from './local/cgroups.js';
export { nodeWrapper, type NodePlacement } from './local/node-wrapper.js';
export { startNoisyNeighbour, type NoisyNeighbour, type NoisyNeighbourOptions } from './local/neighbour.js';
export { describeLeftovers, isClean, leftovers, type Leftovers } from './local/leftovers.js';
export { collidingProfiles, nodeSetNames, parseCpuList, runTag, type NodeSetNames } from './local/names.js';
export { kubernetesTarget, type KubernetesTargetOptions } from './kubernetes/target.js';
export { refuseKubernetesRun } from './kubernetes/refuse.js';
export { buildMeshtaxImages, findBuildah, pushImages, type Buildah, type BuildahStorage } from './kubernetes/image-build.js';
export { LOCAL_IMAGE_PREFIX } from './kubernetes/images.js';
