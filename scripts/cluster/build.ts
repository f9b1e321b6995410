/**
 * What the cluster runs on: Debian's containerd, runc, CNI plugins, etcd and buildah (apt-get),
 * and the Kubernetes binaries, built from the Go module k8s.io/kubernetes into .meshtax/cluster/bin.
 *
 * k8s.io/kubernetes cannot be `go install`ed (its go.mod points the staging modules at local
 * folders), so a wrapper module requires it and replaces each staging module with its tagged
 * release. The build takes 8–20 minutes on 2 cores and ≈ 3 GB of memory; it runs under
 * `nice` and is skipped when every binary is there and reports the pinned version.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { run, succeeds } from './exec.js';
import { binPath, DEBIAN_PACKAGES, KUBE_BINARIES, KUBERNETES_VERSION, layout, STAGING_VERSION, type KubeBinary } from './layout.js';

/** The staging modules of k8s.io/kubernetes that have tagged releases (sample-cli-plugin and sample-controller have none and are not needed). */
const STAGING_MODULES = [
  'api', 'apiextensions-apiserver', 'apimachinery', 'apiserver', 'cli-runtime', 'client-go', 'cloud-provider',
  'cluster-bootstrap', 'code-generator', 'component-base', 'component-helpers', 'controller-manager', 'cri-api',
  'cri-client', 'cri-streaming', 'csi-translation-lib', 'dynamic-resource-allocation', 'endpointslice', 'externaljwt',
  'kms', 'kube-aggregator', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler', 'kubectl', 'kubelet', 'metrics',
  'mount-utils', 'pod-security-admission', 'sample-apiserver', 'streaming',
];

const GO = process.env.GO ?? '/usr/local/go/bin/go';
const BUILD_TIMEOUT_MS = 45 * 60_000;
const exists = (file: string) => access(file).then(() => true, () => false);

/** The wrapper module's go.mod (pure, for the unit test). */
export function wrapperGoMod(): string {
  const replaces = STAGING_MODULES.map((m) => `replace k8s.io/${m} => k8s.io/${m} ${STAGING_VERSION}`);
  return ['module meshtax.local/kube-build', '', 'go 1.25', '', `require k8s.io/kubernetes ${KUBERNETES_VERSION}`, '', ...replaces, ''].join('\n');
}

/** The binaries embed their version the way Kubernetes' own release build does (otherwise they say v0.0.0-master). */
export function versionLdflags(): string {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split('.');
  const pkg = 'k8s.io/component-base/version';
  return `-s -w -X ${pkg}.gitVersion=${KUBERNETES_VERSION} -X ${pkg}.gitMajor=${major} -X ${pkg}.gitMinor=${minor} -X ${pkg}.gitTreeState=clean`;
}

async function reportsPinnedVersion(name: KubeBinary): Promise<boolean> {
  const file = binPath(name);
  if (!(await exists(file))) return false;
  const args = name === 'kubectl' ? ['version', '--client'] : ['--version'];
  const out = await run(file, args, { timeoutMs: 20_000 }).catch(() => '');
  return out.includes(KUBERNETES_VERSION);
}

export async function missingKubeBinaries(): Promise<KubeBinary[]> {
  const missing: KubeBinary[] = [];
  for (const name of KUBE_BINARIES) if (!(await reportsPinnedVersion(name))) missing.push(name);
  return missing;
}

async function missingDebianPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const pkg of DEBIAN_PACKAGES) {
    const status = await run('dpkg-query', ['-W', '-f=${Status}', pkg], { timeoutMs: 10_000 }).catch(() => '');
    if (!status.includes('install ok installed')) missing.push(pkg);
  }
  return missing;
}

export async function ensureDebianPackages(log: (line: string) => void): Promise<void> {
  const missing = await missingDebianPackages();
  if (missing.length === 0) return log(`✓ Debian packages: ${DEBIAN_PACKAGES.join(', ')}`);
  if (!(await succeeds('sh', ['-c', 'command -v apt-get']))) throw new Error(`missing packages ${missing.join(', ')} and no apt-get: install them yourself`);
  log(`• apt-get install ${missing.join(' ')} …`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { timeoutMs: 300_000, inherit: true, env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { timeoutMs: 900_000, inherit: true, env });
}

export async function ensureKubeBinaries(log: (line: string) => void): Promise<void> {
  const missing = await missingKubeBinaries();
  if (missing.length === 0) return log(`✓ Kubernetes ${KUBERNETES_VERSION} binaries: ${layout.bin}`);
  log(`• building ${missing.join(', ')} ${KUBERNETES_VERSION} from the Go module (10–20 min on 2 cores) …`);
  await mkdir(layout.build, { recursive: true });
  await mkdir(layout.bin, { recursive: true });
  const goMod = path.join(layout.build, 'go.mod');
  if (!(await exists(goMod))) await writeFile(goMod, wrapperGoMod());
  const env = { GOFLAGS: '-mod=mod -buildvcs=false' };
  const packages = missing.map((name) => `k8s.io/kubernetes/cmd/${name}`);
  await run(GO, ['get', '-tool', ...packages], { cwd: layout.build, env, timeoutMs: 600_000, inherit: true });
  const started = Date.now();
  await run('nice', ['-n', '10', GO, 'build', '-trimpath', '-ldflags', versionLdflags(), '-o', `${layout.bin}/`, ...packages], {
    cwd: layout.build,
    env,
    timeoutMs: BUILD_TIMEOUT_MS,
    inherit: true,
  });
  log(`✓ built ${missing.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
  const still = await missingKubeBinaries();
  if (still.length > 0) throw new Error(`after the build, ${still.join(', ')} still do not report ${KUBERNETES_VERSION}`);
}
