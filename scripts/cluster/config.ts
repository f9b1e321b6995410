/**
 * The cluster's configuration files and command lines, as pure functions of the layout (no
 * file system here; up.ts writes them). Two settings this VM kind needs are marked where they are.
 */
import path from 'node:path';
import { binPath, CLUSTER_MARK_ENV, CNI_BIN_DIR, layout, network, NODE_NAME, PAUSE_IMAGE, POD_ROUTES, type KubeBinary } from './layout.js';
import { pkiFile } from './pki.js';

export const configFile = (name: string) => path.join(layout.config, name);

/** containerd 1.6 (Debian 12), with its own root, state and socket so it never meets a system containerd. */
export function containerdToml(): string {
  const cri = 'plugins."io.containerd.grpc.v1.cri"';
  return `version = 2
root = "${layout.containerdRoot}"
state = "${layout.containerdState}"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "${layout.containerdSocket}"

[${cri}]
  sandbox_image = "${PAUSE_IMAGE}"
  # Root on this VM lacks CAP_SYS_RESOURCE: a sandbox's oom_score_adj of -998 fails inside runc
  # ("can't get final child's PID from pipe: EOF"). This keeps it at or above containerd's own.
  restrict_oom_score_adj = true
  enable_selinux = false

[${cri}.containerd]
  snapshotter = "overlayfs"
  default_runtime_name = "runc"

[${cri}.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"

[${cri}.containerd.runtimes.runc.options]
  SystemdCgroup = false

[${cri}.cni]
  bin_dir = "${CNI_BIN_DIR}"
  conf_dir = "${layout.cniConfDir}"
`;
}

/** One bridge, host-local addresses, no masquerade and no default route: pods reach the node, each other and Services only. */
export function cniConflist(): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'meshtax-pods',
      plugins: [
        {
          type: 'bridge',
          bridge: network.podBridge,
          isGateway: true,
          isDefaultGateway: false,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: layout.cniIpamDir,
            ranges: [[{ subnet: network.podCidr, gateway: network.podGateway }]],
            routes: POD_ROUTES.map((dst) => ({ dst })),
          },
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** KubeletConfiguration (JSON is YAML). */
export function kubeletConfig(): string {
  return `${JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      // cgroup v1 and PID 1 not systemd: Kubernetes 1.35+ refuses cgroup v1 unless told not to.
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      failSwapOn: false,
      containerRuntimeEndpoint: `unix://${layout.containerdSocket}`,
      address: network.nodeIp,
      port: 10250,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: 10248,
      tlsCertFile: pkiFile('kubelet-serving.crt'),
      tlsPrivateKeyFile: pkiFile('kubelet-serving.key'),
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: { clientCAFile: pkiFile('ca.crt') } },
      authorization: { mode: 'Webhook' },
      clusterDomain: 'cluster.local',
      // No cluster DNS yet, and the host's resolver is outside the ranges pods may reach: no DNS in pods.
      resolvConf: '',
      // A small disk and other work beside the cluster: evict only when really short.
      evictionHard: { 'memory.available': '100Mi', 'nodefs.available': '1%', 'nodefs.inodesFree': '1%', 'imagefs.available': '1%' },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      serializeImagePulls: false,
      podCIDR: network.podCidr,
      maxPods: 60,
    },
    null,
    2,
  )}\n`;
}

export function kubeProxyConfig(): string {
  return `${JSON.stringify(
    {
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'iptables',
      clientConnection: { kubeconfig: configFile('kube-proxy.kubeconfig') },
      hostnameOverride: NODE_NAME,
      bindAddress: network.nodeIp,
      clusterCIDR: network.podCidr,
      nodePortAddresses: ['127.0.0.0/8'],
      metricsBindAddress: '127.0.0.1:10249',
      healthzBindAddress: '127.0.0.1:10256',
      // 0 = leave the host's conntrack settings as they are.
      conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
    },
    null,
    2,
  )}\n`;
}

/** A daemon of the cluster: its name (pid and log files), binary and arguments. */
export interface DaemonSpec {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
}

const kube = (name: KubeBinary, args: readonly string[]): DaemonSpec => ({ name, file: binPath(name), args });
const authKubeconfig = (file: string) => [`--kubeconfig=${file}`, `--authentication-kubeconfig=${file}`, `--authorization-kubeconfig=${file}`];

/** The daemons in start order (cluster:down stops them in reverse). */
export function daemonSpecs(): DaemonSpec[] {
  const etcdUrl = `http://127.0.0.1:${network.etcdClientPort}`;
  const peerUrl = `http://127.0.0.1:${network.etcdPeerPort}`;
  return [
    {
      name: 'etcd',
      file: '/usr/bin/etcd',
      args: [
        '--name=meshtax',
        `--data-dir=${layout.etcdData}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=meshtax=${peerUrl}`,
        '--quota-backend-bytes=1073741824',
      ],
    },
    { name: 'containerd', file: '/usr/bin/containerd', args: [`--config=${configFile('containerd.toml')}`] },
    kube('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${network.nodeIp}`,
      `--advertise-address=${network.nodeIp}`,
      `--secure-port=${network.apiPort}`,
      `--service-cluster-ip-range=${network.serviceCidr}`,
      `--client-ca-file=${pkiFile('ca.crt')}`,
      `--tls-cert-file=${pkiFile('apiserver.crt')}`,
      `--tls-private-key-file=${pkiFile('apiserver.key')}`,
      `--kubelet-client-certificate=${pkiFile('apiserver-kubelet-client.crt')}`,
      `--kubelet-client-key=${pkiFile('apiserver-kubelet-client.key')}`,
      `--kubelet-certificate-authority=${pkiFile('ca.crt')}`,
      '--kubelet-preferred-address-types=InternalIP',
      `--service-account-key-file=${pkiFile('service-account.pub')}`,
      `--service-account-signing-key-file=${pkiFile('service-account.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      '--authorization-mode=Node,RBAC',
      '--enable-admission-plugins=NodeRestriction',
      // The issue's probes run as a privileged DaemonSet.
      '--allow-privileged=true',
      '--profiling=false',
    ]),
    kube('kube-controller-manager', [
      ...authKubeconfig(configFile('controller-manager.kubeconfig')),
      '--bind-address=127.0.0.1',
      '--leader-elect=false',
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pkiFile('service-account.key')}`,
      `--root-ca-file=${pkiFile('ca.crt')}`,
      `--cluster-signing-cert-file=${pkiFile('ca.crt')}`,
      `--cluster-signing-key-file=${pkiFile('ca.key')}`,
      `--service-cluster-ip-range=${network.serviceCidr}`,
      '--allocate-node-cidrs=false',
      '--profiling=false',
    ]),
    kube('kube-scheduler', [...authKubeconfig(configFile('scheduler.kubeconfig')), '--bind-address=127.0.0.1', '--leader-elect=false', '--profiling=false']),
    kube('kubelet', [
      `--config=${configFile('kubelet.yaml')}`,
      `--kubeconfig=${configFile('kubelet.kubeconfig')}`,
      `--root-dir=${layout.kubeletDir}`,
      `--cert-dir=${path.join(layout.kubeletDir, 'pki')}`,
      `--hostname-override=${NODE_NAME}`,
      `--node-ip=${network.nodeIp}`,
    ]),
    kube('kube-proxy', [`--config=${configFile('kube-proxy.yaml')}`]),
  ];
}

/** The environment every daemon starts with: the mark cluster:down sweeps by. */
export const daemonEnv = (): Record<string, string> => ({ [CLUSTER_MARK_ENV]: layout.root });
