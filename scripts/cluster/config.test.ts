import { describe, expect, it } from 'vitest';
import { wrapperGoMod } from './build.js';
import { cniConflist, containerdToml, daemonSpecs, kubeletConfig, kubeProxyConfig } from './config.js';
import { deleteArgs, kubeRules } from './host.js';
import { lddLibraries } from './images.js';
import { KUBERNETES_VERSION, layout } from './layout.js';
import { LEAVES } from './pki.js';

const ipv4 = /\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b/g;
const everything = () => [containerdToml(), cniConflist(), kubeletConfig(), kubeProxyConfig(), JSON.stringify(daemonSpecs()), JSON.stringify(LEAVES)].join('\n');

describe('the local cluster configuration', () => {
  it('uses only addresses in 198.19.0.0/16 (the half of the benchmarking range the local target leaves free) or loopback', () => {
    const addresses = [...everything().matchAll(ipv4)].map((m) => m.slice(1).map(Number));
    expect(addresses.length).toBeGreaterThan(10);
    for (const [a, b] of addresses) expect(a === 127 || (a === 198 && b === 19), `${a}.${b}.…`).toBe(true);
  });

  it('gives pods no default route and no masquerade, and keeps every file under .meshtax/cluster or its short runtime folder', () => {
    const cni = JSON.parse(cniConflist()) as { plugins: { ipMasq: boolean; isDefaultGateway: boolean; ipam: { routes: { dst: string }[]; dataDir: string } }[] };
    const bridge = cni.plugins[0]!;
    expect(bridge.ipMasq).toBe(false);
    expect(bridge.isDefaultGateway).toBe(false);
    expect(bridge.ipam.routes.map((r) => r.dst)).not.toContain('0.0.0.0/0');
    expect(bridge.ipam.dataDir.startsWith(layout.root)).toBe(true);
    const ours = (file: string) => file.startsWith(`${layout.root}/`) || file.startsWith(`${layout.runtime}/`);
    for (const spec of daemonSpecs()) for (const arg of spec.args) if (arg.includes('=/')) expect(ours(arg.split('=')[1]!), arg).toBe(true);
  });

  it('keeps every unix socket path within the 107 bytes a socket address holds, however deep the checkout', () => {
    expect(layout.runtime.length).toBeLessThan(40);
    expect(layout.containerdSocket.startsWith(`${layout.runtime}/`)).toBe(true);
    // the kubelet's longest socket: <root-dir>/plugins_registry/<plugin>-reg.sock, device plugins alike
    expect(`${layout.kubeletDir}/device-plugins/kubelet.sock`.length).toBeLessThan(108);
    expect(containerdToml()).toContain(`address = "${layout.containerdSocket}"`);
  });

  it('carries the two settings this VM kind needs: restrict_oom_score_adj and failCgroupV1 false with cgroupfs', () => {
    expect(containerdToml()).toMatch(/^\s*restrict_oom_score_adj = true$/m);
    expect(JSON.parse(kubeletConfig())).toMatchObject({ failCgroupV1: false, cgroupDriver: 'cgroupfs', failSwapOn: false });
  });

  it('builds from a wrapper module that pins every staging module to the release', () => {
    const goMod = wrapperGoMod();
    expect(goMod).toContain(`require k8s.io/kubernetes ${KUBERNETES_VERSION}`);
    expect(goMod).toContain('replace k8s.io/client-go => k8s.io/client-go v0.37.2');
    expect(goMod.match(/^replace /gm)).toHaveLength(31);
  });
});

describe('cluster:down helpers', () => {
  const natSave = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':MTX-OWN - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A PREROUTING -j MTX-OWN',
    '-A KUBE-SERVICES -d 198.19.144.1/32 -j KUBE-SVC-X',
    'COMMIT',
  ].join('\n');

  it('finds the KUBE-* chains and only the jumps into them from other chains', () => {
    const { chains, jumps } = kubeRules(natSave);
    expect(chains).toEqual(['KUBE-SERVICES', 'KUBE-POSTROUTING']);
    expect(jumps).toEqual(['-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES']);
  });

  it('turns a saved rule into delete arguments, keeping a quoted comment one argument', () => {
    expect(deleteArgs('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES')).toEqual([
      '-D', 'PREROUTING', '-m', 'comment', '--comment', 'kubernetes service portals', '-j', 'KUBE-SERVICES',
    ]);
  });

  it("reads the libraries a binary links from ldd's output", () => {
    const out = '\tlinux-vdso.so.1 (0x00007f)\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n\t/lib64/ld-linux-x86-64.so.2 (0x00007f)\n';
    expect(lddLibraries(out)).toEqual(['/lib/x86_64-linux-gnu/libc.so.6', '/lib64/ld-linux-x86-64.so.2']);
  });
});
