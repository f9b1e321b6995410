/** Shared by the node-layer tests: what the machine lacks for the real tests, tiny TCP peers. */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { spawnChild, type CommandWrapper } from '../../../process/child.js';
import { RunContext } from '../../../process/run-context.js';
import { realCgroupFs, type CgroupFs } from '../cgroup-fs.js';
import { processAlive } from '../system.js';

function missingForRealNodes(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces and cgroups need root)';
  const tools = spawnSync('sh', ['-c', 'command -v ip && command -v tc && command -v taskset'], { encoding: 'utf8' });
  if (tools.status !== 0) return '`ip`, `tc` or `taskset` is not installed';
  const netns = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  if (netns.status !== 0) return `\`ip netns\` does not work: ${netns.stderr.trim()}`;
  if (os.availableParallelism() < 2) return 'fewer than 2 CPUs';
  return undefined;
}

/** Why the real (root) tests cannot run here; undefined when they can. */
export const REAL_NODES_MISSING = missingForRealNodes();
/** Appended to a describe title: says what is missing when the suite is skipped. */
export const REAL_NODES_NOTE = REAL_NODES_MISSING === undefined ? '' : ` (skipped: ${REAL_NODES_MISSING})`;

/** A run id unique to this test (namespaces and cgroups are named after it). */
export function testRunId(label: string): string {
  return `test-${label}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

export const testContext = (label: string): RunContext => new RunContext(testRunId(label), 60_000);

/**
 * `node -e ECHO_SERVER <host> <port>`: echoes bytes back, prints `LISTENING <port>`, exits after 30 s.
 */
export const ECHO_SERVER = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const server = net.createServer((s) => { s.setNoDelay(true); s.on('data', (d) => s.write(d)); s.on('error', () => {}); });
server.listen(Number(port), host, () => console.log('LISTENING ' + server.address().port));
setTimeout(() => process.exit(0), 30000).unref();
`;

/**
 * \`node -e RTT_CLIENT <host> <port> <n>\`: connects, does n one-byte round trips, prints
 * JSON {connectMs, rttMs: [...]}, exits; bounded to 10 s.
 */
export const RTT_CLIENT = `
const net = require('node:net');
const [host, port, n] = process.argv.slice(1);
setTimeout(() => { console.error('timed out'); process.exit(3); }, 10000).unref();
const t0 = process.hrtime.bigint();
const s = net.connect(Number(port), host);
s.setNoDelay(true);
const rtt = [];
let sent;
const ms = (a, b) => Number(b - a) / 1e6;
s.on('connect', () => { const connectMs = ms(t0, process.hrtime.bigint()); s.connectMs = connectMs; sent = process.hrtime.bigint(); s.write('x'); });
s.on('data', () => {
  rtt.push(ms(sent, process.hrtime.bigint()));
  if (rtt.length >= Number(n)) { console.log(JSON.stringify({ connectMs: s.connectMs, rttMs: rtt })); s.destroy(); return; }
  sent = process.hrtime.bigint(); s.write('x');
});
s.on('error', (e) => { console.error(e.code || e.message); process.exit(2); });
`;

/** utime + stime of a process, in ms. */
export async function cpuTimeMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

export async function statusField(pid: number, field: string): Promise<string | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(status)?.[1]?.trim();
}

/**
 * A CgroupFs over a temp dir that behaves like cgroupfs where the node layer cares: rmdir refuses a
 * cgroup with child cgroups (ENOTEMPTY) or live tasks (EBUSY), and otherwise removes it with its
 * interface files.
 */
export function fixtureCgroupFs(): CgroupFs {
  const fail = (code: string, path: string): Error => Object.assign(new Error(`${code}: ${path}`), { code });
  return {
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: (path, text) => writeFile(path, text),
    mkdir: realCgroupFs.mkdir,
    rmdir: async (path) => {
      const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? fail('ENOENT', path) : error;
      });
      if (entries.some((e) => e.isDirectory())) throw fail('ENOTEMPTY', path);
      const procs = await readFile(join(path, 'cgroup.procs'), 'utf8').catch(() => '');
      if (procs.split(/\s+/).filter(Boolean).map(Number).some(processAlive)) throw fail('EBUSY', path);
      await rm(path, { recursive: true });
    },
  };
}

/** A temp dir laid out like a cgroup v2 root offering `controllers`. */
export async function v2Fixture(controllers = 'cpuset cpu io memory pids', subtreeControl = 'memory pids'): Promise<string> {
  const root = await mkdtemp(join(os.tmpdir(), 'mtx-cgv2-'));
  await writeFile(join(root, 'cgroup.controllers'), `${controllers}\n`);
  await writeFile(join(root, 'cgroup.subtree_control'), `${subtreeControl}\n`);
  await writeFile(join(root, 'cgroup.procs'), '1\n');
  return root;
}

/** A temp dir with separate v1 mounts: cpu, cpuacct, cpuset (the root cpuset offering `cpus`). */
export async function v1Fixture(cpus = '0-1'): Promise<{ base: string; cpu: string; cpuacct: string; cpuset: string }> {
  const base = await mkdtemp(join(os.tmpdir(), 'mtx-cgv1-'));
  const [cpu, cpuacct, cpuset] = ['cpu', 'cpuacct', 'cpuset'].map((c) => join(base, c)) as [string, string, string];
  for (const dir of [cpu, cpuacct, cpuset]) await mkdir(dir);
  await writeFile(join(cpuset, 'cpuset.cpus'), `${cpus}\n`);
  await writeFile(join(cpuset, 'cpuset.mems'), '0\n');
  return { base, cpu, cpuacct, cpuset };
}

/** Starts the echo server through `wrap` (a node's wrapper), registered with `ctx`; resolves its port. */
export async function startEcho(ctx: RunContext, wrap: CommandWrapper, host: string): Promise<{ port: number; pid: number }> {
  const child = spawnChild(ctx, { name: 'echo server', file: process.execPath, args: ['-e', ECHO_SERVER, host, '0'], wrap });
  const port = await child.waitForLine((line) => {
    const m = /^LISTENING (\d+)$/.exec(line);
    return m ? Number(m[1]) : undefined;
  }, 'the LISTENING line', 10_000);
  return { port, pid: child.pid };
}

/** Round trips to host:port from a client started through `wrap`. */
export async function roundTrips(wrap: CommandWrapper, host: string, port: number, n: number): Promise<{ connectMs: number; rttMs: number[] }> {
  const { file, args } = wrap(process.execPath, ['-e', RTT_CLIENT, host, String(port), String(n)]);
  const result = await execa(file, args, { timeout: 15_000, reject: false });
  if (result.exitCode !== 0) throw new Error(`round trips to ${host}:${port} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { connectMs: number; rttMs: number[] };
}

/** The network namespace inode of a process (`net:[…]`). */
export async function netnsOf(pid: number): Promise<string> {
  return readlink(`/proc/${pid}/ns/net`);
}
