/**
 * The peer generator of `npm run bench:driver`: vegeta (Go, open loop at a constant rate), built
 * from the Go module proxy into the gitignored .meshtax/tools on first use. Its per-request
 * latencies go into the same µs HDR histogram as meshtax's.
 */
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { localStateDir } from '../../src/paths.js';
import { newLatencyHistogram, recordUs, type LatencyHistogram } from '../../src/stats/histogram.js';

const TOOLS = path.join(localStateDir, 'tools');
export const VEGETA = path.join(TOOLS, 'vegeta');
const MODULE = 'github.com/tsenart/vegeta/v12@v12.13.0';

/** The vegeta binary, built if missing; undefined (with the reason printed) when Go is not there. */
export async function ensureVegeta(): Promise<string | undefined> {
  if (await access(VEGETA).then(() => true, () => false)) return VEGETA;
  console.error(`  building vegeta (${MODULE}) into ${TOOLS} …`);
  const built = await execa('go', ['install', MODULE], { env: { GOBIN: TOOLS, GOFLAGS: '-mod=mod' }, timeout: 600_000, reject: false });
  if (built.exitCode !== 0) {
    console.error(`  vegeta could not be built (${built.stderr.split('\n').slice(-2).join(' ') || built.shortMessage}); the peer columns stay empty`);
    return undefined;
  }
  return VEGETA;
}

export interface PeerResult {
  readonly latency: LatencyHistogram;
  readonly completed: number;
  readonly errors: number;
  readonly achievedRps: number;
  /** CPU the attack process used, ms (user + system, all threads). */
  readonly cpuMs: number;
}

/**
 * One constant-rate attack pinned to `cpu`, GOMAXPROCS=1 so it has the one core meshtax's agent
 * has. The shell reads its own children's CPU times after vegeta exits: exact, no polling.
 */
export async function runVegeta(vegeta: string, url: string, rateRps: number, durationS: number, connections: number, cpu: string): Promise<PeerResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-vegeta-'));
  try {
    const out = path.join(dir, 'out.bin');
    const attack =
      `echo "GET ${url}" | taskset -c ${cpu} "${vegeta}" attack -rate=${rateRps}/s -duration=${durationS}s -connections=${connections} ` +
      `-max-connections=${connections} -workers=${connections} -timeout=2s -keepalive=true -http2=false -output="${out}" && ` +
      `awk '{print $16, $17}' /proc/$$/stat`;
    const run = await execa('sh', ['-c', attack], { env: { GOMAXPROCS: '1' }, timeout: (durationS + 30) * 1000 });
    const [cutime, cstime] = run.stdout.trim().split(' ').map(Number);
    const json = await execa(vegeta, ['encode', '--to', 'json', out], { timeout: 60_000, maxBuffer: 1e9 });
    const latency = newLatencyHistogram();
    let completed = 0;
    let errors = 0;
    for (const line of json.stdout.split('\n')) {
      if (line === '') continue;
      const r = JSON.parse(line) as { code: number; latency: number; error: string };
      completed += 1;
      if (r.code < 200 || r.code >= 300 || r.error !== '') errors += 1;
      recordUs(latency, r.latency / 1000);
    }
    const ticksMs = 1000 / 100; // USER_HZ
    return { latency, completed, errors, achievedRps: completed / durationS, cpuMs: ((cutime ?? 0) + (cstime ?? 0)) * ticksMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const PEER_NAME = `vegeta ${MODULE.split('@')[1]} (GOMAXPROCS=1)`;
