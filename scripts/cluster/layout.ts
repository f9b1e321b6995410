/**
 * Where the local cluster lives and which addresses it uses. Everything is under one gitignored
 * folder (.meshtax/cluster); every address is in 198.19.0.0/16, the half of RFC 2544's
 * benchmarking range 198.18.0.0/15 that the local target (198.18.0.0/16) does not use.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { localStateDir } from '../../src/paths.js';

/** The Kubernetes release the binaries are built from; Kubernetes is dropping cgroup v1, so it stays pinned. */
export const KUBERNETES_VERSION = 'v1.37.2';
/** The staging modules (k8s.io/api, …) are tagged v0.<minor>.<patch> for release v1.<minor>.<patch>. */
export const STAGING_VERSION = KUBERNETES_VERSION.replace(/^v1\./, 'v0.');

export const KUBE_BINARIES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet', 'kube-proxy', 'kubectl'] as const;
export type KubeBinary = (typeof KUBE_BINARIES)[number];

export const NODE_NAME = 'meshtax-node';

export const network = {
  /** The node's own address, on a bridge of its own (no ports); the API server and kubelet listen here. */
  nodeIp: '198.19.160.1',
  nodeCidr: '198.19.160.1/24',
  nodeLink: 'mtxk-node',
  /** The CNI bridge the pods hang on; its address is the pods' gateway. */
  podCidr: '198.19.128.0/20',
  podGateway: '198.19.128.1',
  podBridge: 'mtxk-pods',
  /** ClusterIP range; the first address is the `kubernetes` Service. */
  serviceCidr: '198.19.144.0/20',
  apiServiceIp: '198.19.144.1',
  apiPort: 6443,
  etcdClientPort: 12379,
  etcdPeerPort: 12380,
} as const;

/** Ranges a pod gets routes for (no default route: nothing a pod sends leaves the machine). */
export const POD_ROUTES = [network.podCidr, network.serviceCidr, '198.19.160.0/24'] as const;

export const clusterDir = path.join(localStateDir, 'cluster');

/**
 * Where the cluster's unix sockets live: containerd's, and the kubelet's root (device-plugin and
 * pod-resources sockets). A socket path may not exceed 107 bytes, and under a CI runner's checkout
 * (`/home/runner/work/<repo>/<repo>/.meshtax/cluster/…`) these would; so they go to a short folder
 * under /run named by a hash of the cluster folder (two checkouts never share one). cluster:down removes it.
 */
export const runtimeDir = path.join('/run', `meshtax-cluster-${createHash('sha256').update(clusterDir).digest('hex').slice(0, 8)}`);

export const layout = {
  root: clusterDir,
  /** Sockets and the kubelet's root: see runtimeDir. */
  runtime: runtimeDir,
  bin: path.join(clusterDir, 'bin'),
  build: path.join(clusterDir, 'build'),
  pki: path.join(clusterDir, 'pki'),
  config: path.join(clusterDir, 'config'),
  logs: path.join(clusterDir, 'logs'),
  pids: path.join(clusterDir, 'pids'),
  images: path.join(clusterDir, 'images'),
  /** buildah's own storage (vfs), kept out of the system's. */
  buildah: path.join(clusterDir, 'buildah'),
  etcdData: path.join(clusterDir, 'etcd'),
  containerdRoot: path.join(clusterDir, 'containerd', 'root'),
  containerdState: path.join(runtimeDir, 'containerd-state'),
  containerdSocket: path.join(runtimeDir, 'containerd.sock'),
  cniConfDir: path.join(clusterDir, 'cni', 'net.d'),
  cniIpamDir: path.join(clusterDir, 'cni', 'ipam'),
  kubeletDir: path.join(runtimeDir, 'kubelet'),
  /** The admin's kubeconfig: what users and the tests pass to kubectl. */
  kubeconfig: path.join(clusterDir, 'kubeconfig'),
  /** Host settings as they were before the cluster changed them, restored by cluster:down. */
  savedSysctls: path.join(clusterDir, 'sysctls-before-up.json'),
} as const;

export const binPath = (name: KubeBinary) => path.join(layout.bin, name);

/**
 * Every daemon of the cluster carries this variable, and containerd passes it on to its shims:
 * cluster:down finds whatever outlived its pid file through /proc/<pid>/environ.
 */
export const CLUSTER_MARK_ENV = 'MESHTAX_CLUSTER_DIR';

/** The image every pod's sandbox runs; built locally (no registry is reachable). */
export const PAUSE_IMAGE = 'localhost/meshtax-pause:local';

/** Debian packages the cluster needs (Debian 12 names). */
export const DEBIAN_PACKAGES = ['containerd', 'runc', 'containernetworking-plugins', 'etcd-server', 'buildah', 'conntrack', 'iptables'] as const;
export const CNI_BIN_DIR = '/usr/lib/cni';
