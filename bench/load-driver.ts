/**
 * Benchmark (figures, not a test): what the load driver itself can do on this machine, beside a
 * peer generator (vegeta, open loop) on the same endpoint in the same run.
 *   npm run bench:driver [-- --rounds 6 --aa-rate 500 --trial-s 2]
 * The sample app is pinned to CPU 1, every generator to CPU 0 (one core each).
 * 1. the open-loop agent's highest rate keeping its schedule: lag p99 ≤ 200 µs and < 1% unsent,
 *    no errors (doubling, then bisecting); the agent's CPU per 1000 rps at each rate;
 * 2. side by side at `--aa-rate` (16 connections): rounds of meshtax A, vegeta A, vegeta B,
 *    meshtax B (order alternating): each one's baseline p50/p99 from merged histograms, and the
 *    A/A noise floor (the same estimator as a run's: CI of the median A−B difference);
 * 3. vegeta at the agent's highest rate (its CPU per 1000 rps), and autocannon's closed-loop ceiling;
 * 4. gRPC (the app's grpc-js server, `--grpc` or `--grpc-only`): the lean sender beside node:http2's
 *    (a second agent with MESHTAX_GRPC_SENDER=node-http2): each one's highest rate keeping the
 *    schedule and CPU per 1000 rps, then rounds at `--aa-rate` alternating the two (baseline p50/p99,
 *    lag p99, A/A floor each).
 * Ratios within one run are meaningful; absolute figures move with the machine (a 2-vCPU VM
 * shared with other work shows it).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app/index.js';
import { startLoadAgent, type LocalLoadAgent, type LoadResult } from '../src/load/index.js';
import { RunContext } from '../src/process/run-context.js';
import { decodeHistogram, noiseFloor, percentileUs, type TrialSample } from '../src/stats/index.js';
import { newLatencyHistogram, type LatencyHistogram } from '../src/stats/histogram.js';
import { pinTo } from '../src/targets/index.js';
import { ensureVegeta, PEER_NAME, runVegeta } from './peer/vegeta.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '6' }, 'aa-rate': { type: 'string', default: '500' }, 'trial-s': { type: 'string', default: '2' }, grpc: { type: 'boolean', default: false }, 'grpc-only': { type: 'boolean', default: false } },
});
const TRIAL_S = Number(values['trial-s']);
const ROUNDS = Number(values.rounds);
const AA_RATE = Number(values['aa-rate']);
const LAG_P99_GOAL_US = 200;
const CONNECTIONS = 16;
const AGENT_CPU = '0';
const APP_CPU = '1';

/** user + system CPU of a process (all threads), ms. */
async function cpuMs(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface AgentTrial {
  readonly result: LoadResult;
  /** % of one core. */
  readonly cpuPct: number;
}

async function openLoop(agent: LocalLoadAgent, url: string, rateRps: number, connections = 32, protocol: 'http' | 'grpc' = 'http'): Promise<AgentTrial> {
  const before = await cpuMs(agent.child.pid);
  const result = await agent.run({ model: 'open', protocol, url, arrival: 'uniform', rateRps, durationS: TRIAL_S, connections, newConnectionEvery: 0, timeoutMs: 2000, seed: 1 });
  const usedMs = (await cpuMs(agent.child.pid)) - before;
  return { result, cpuPct: (usedMs / (TRIAL_S * 1000)) * 100 };
}

const unsentShare = (r: LoadResult) => (r.scheduled - r.sent) / Math.max(1, r.scheduled);
const keepsUp = (r: LoadResult) => unsentShare(r) < 0.01 && (r.scheduleLagP99Us ?? Infinity) <= LAG_P99_GOAL_US && r.errors === 0;
const per1000 = (t: { cpuPct: number }, rateRps: number) => (t.cpuPct / rateRps) * 1000;

function describe(rate: number, t: AgentTrial): string {
  const r = t.result;
  return (
    `  open loop ${String(rate).padStart(6)} rps: lag p50 ${r.scheduleLagP50Us ?? '?'} µs p99 ${r.scheduleLagP99Us} µs max ${r.scheduleLagMaxUs} µs, ` +
    `unsent ${(unsentShare(r) * 100).toFixed(2)}%, errors ${r.errors}, agent CPU ${t.cpuPct.toFixed(1)}% (${per1000(t, rate).toFixed(2)}%/1000 rps) → ${keepsUp(r) ? 'keeps up' : 'falls behind'}`
  );
}

/** Every doubling (lag is not monotonic in the rate on these VMs), then bisection above the highest pass. */
async function highestRate(agent: LocalLoadAgent, url: string, protocol: 'http' | 'grpc' = 'http'): Promise<{ rate: number; trial: AgentTrial | undefined; lowRate: AgentTrial }> {
  let good = 0;
  let goodTrial: AgentTrial | undefined;
  let bad = 0;
  let lowRate: AgentTrial | undefined;
  for (let rate = 1000; rate <= 32_000; rate *= 2) {
    const t = await openLoop(agent, url, rate, 32, protocol);
    lowRate ??= t;
    console.error(describe(rate, t));
    if (keepsUp(t.result)) [good, goodTrial, bad] = [rate, t, 0];
    else if (bad === 0) bad = rate;
  }
  for (let i = 0; i < 4 && bad > good && bad - good > 500; i++) {
    const rate = Math.round((good + bad) / 2 / 100) * 100;
    const t = await openLoop(agent, url, rate, 32, protocol);
    console.error(describe(rate, t));
    if (keepsUp(t.result)) [good, goodTrial] = [rate, t];
    else bad = rate;
  }
  return { rate: good, trial: goodTrial, lowRate: lowRate! };
}

interface SideBySide {
  readonly samples: TrialSample[];
  readonly merged: LatencyHistogram[];
  service?: LatencyHistogram[];
}

const sample = (round: number, slot: 0 | 1, h: LatencyHistogram): TrialSample => ({ round, variant: 'baseline', slot, valid: true, percentilesUs: { '50': percentileUs(h, 50), '99': percentileUs(h, 99) } });

function mergedPercentile(hs: readonly LatencyHistogram[], p: number): number {
  if (hs.length === 0) return NaN;
  const merged = newLatencyHistogram();
  for (const h of hs) merged.add(h);
  return percentileUs(merged, p);
}

const ctx = new RunContext('bench-driver', 1_800_000);
try {
  const withGrpc = values.grpc || values['grpc-only'];
  const ready = await startApp(ctx, { version: 'v1', httpPort: 0, grpcPort: withGrpc ? 0 : null, payloadBytes: 1024, cpuWorkUs: 0, host: '127.0.0.1' }, { name: 'app', wrap: pinTo(APP_CPU) });
  if (!values['grpc-only']) await httpSections(`http://127.0.0.1:${ready.httpPort}/`);
  if (withGrpc) await grpcSection(`http://127.0.0.1:${ready.grpcPort}/`);
} finally {
  await ctx.unwind();
}

/** 4. The lean gRPC sender beside node:http2's, on the app's gRPC port. */
async function grpcSection(url: string): Promise<void> {
  const agents = { lean: startLoadAgent(ctx, pinTo(AGENT_CPU)), 'node:http2': startNodeHttp2Agent() };
  const names = Object.keys(agents) as Array<keyof typeof agents>;
  const tops: Partial<Record<keyof typeof agents, Awaited<ReturnType<typeof highestRate>>>> = {};
  for (const name of names) {
    await openLoop(agents[name], url, 1000, CONNECTIONS, 'grpc'); // warm-up
    console.error(`4. gRPC, ${name} sender: highest rate keeping the schedule`);
    tops[name] = await highestRate(agents[name], url, 'grpc');
  }
  console.error(`4. gRPC side by side at ${AA_RATE} rps, ${CONNECTIONS} sessions, ${ROUNDS} rounds`);
  const sides = Object.fromEntries(names.map((n) => [n, { samples: [] as TrialSample[], merged: [] as LatencyHistogram[], lagP99Us: [] as number[], cpu: [] as number[], errors: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [names[0]!, names[1]!, names[1]!, names[0]!] : [names[1]!, names[0]!, names[0]!, names[1]!];
    const slots: Record<string, number> = {};
    for (const name of order) {
      const slot = (slots[name] = (slots[name] ?? -1) + 1) as 0 | 1;
      const t = await openLoop(agents[name], url, AA_RATE, CONNECTIONS, 'grpc');
      const side = sides[name]!;
      const h = decodeHistogram(t.result.latencyHistogram);
      side.samples.push(sample(round, slot, h));
      side.merged.push(h);
      side.lagP99Us.push(t.result.scheduleLagP99Us ?? NaN);
      side.cpu.push(per1000(t, AA_RATE));
      side.errors += t.result.errors;
    }
  }
  const us = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} µs` : '?');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(`\ngRPC unary (the app's grpc-js server, 1 KiB replies), sender on CPU ${AGENT_CPU}, app on CPU ${APP_CPU}:`);
  for (const name of names) {
    const top = tops[name]!;
    const side = sides[name]!;
    console.log(`  ${name.padEnd(10)} highest rate with lag p99 ≤ ${LAG_P99_GOAL_US} µs: ${top.rate} rps` + (top.trial ? ` (lag p99 ${top.trial.result.scheduleLagP99Us} µs, CPU ${per1000(top.trial, top.rate).toFixed(2)}%/1000 rps)` : '') + `; CPU ${per1000(top.lowRate, 1000).toFixed(2)}%/1000 rps at 1000 rps`);
    console.log(
      `  ${''.padEnd(10)} at ${AA_RATE} rps, ${side.samples.length} trials: baseline p50 ${us(mergedPercentile(side.merged, 50))} p99 ${us(mergedPercentile(side.merged, 99))}, ` +
        `lag p99 median ${us(median(side.lagP99Us))} max ${us(Math.max(...side.lagP99Us))}, CPU ${median(side.cpu).toFixed(2)}%/1000 rps, errors ${side.errors}, A/A floor p50 ±${us(noiseFloor(side.samples, 50, { seed: 1 }))} p99 ±${us(noiseFloor(side.samples, 99, { seed: 1 }))}`,
    );
  }
}

/** A second load agent with node:http2's gRPC sender (the agent reads MESHTAX_GRPC_SENDER when it starts). */
function startNodeHttp2Agent(): LocalLoadAgent {
  process.env.MESHTAX_GRPC_SENDER = 'node-http2';
  try {
    return startLoadAgent(ctx, pinTo(AGENT_CPU));
  } finally {
    delete process.env.MESHTAX_GRPC_SENDER;
  }
}

/** 1–3: the HTTP/1.1 sender beside vegeta, and the closed-loop ceiling. */
async function httpSections(url: string): Promise<void> {
  const agent = startLoadAgent(ctx, pinTo(AGENT_CPU));
  const vegeta = await ensureVegeta();
  await openLoop(agent, url, 1000); // warm-up (JIT, connections)

  console.error('1. highest rate keeping the schedule');
  const top = await highestRate(agent, url);

  console.error(`2. side by side at ${AA_RATE} rps, ${CONNECTIONS} connections, ${ROUNDS} rounds`);
  const ours: SideBySide = { samples: [], merged: [], service: [] };
  const peer: SideBySide = { samples: [], merged: [] };
  const peerCpu: number[] = [];
  const ourCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['ours', 'peer', 'peer', 'ours'] : ['peer', 'ours', 'ours', 'peer'];
    const slots = { ours: 0, peer: 0 };
    for (const who of order as Array<'ours' | 'peer'>) {
      const slot = slots[who]++ as 0 | 1;
      if (who === 'ours') {
        const t = await openLoop(agent, url, AA_RATE, CONNECTIONS);
        const h = decodeHistogram(t.result.latencyHistogram);
        ours.samples.push(sample(round, slot, h));
        ours.merged.push(h);
        ours.service!.push(decodeHistogram(t.result.serviceHistogram!));
        ourCpu.push(per1000(t, AA_RATE));
      } else if (vegeta !== undefined) {
        const r = await runVegeta(vegeta, url, AA_RATE, TRIAL_S, CONNECTIONS, AGENT_CPU);
        peer.samples.push(sample(round, slot, r.latency));
        peer.merged.push(r.latency);
        peerCpu.push((r.cpuMs / (TRIAL_S * 1000)) * 100 * (1000 / AA_RATE));
      }
    }
    console.error(`  round ${round + 1}/${ROUNDS} done`);
  }

  console.error('3. vegeta at the highest rate; the closed-loop ceiling');
  const peerTop = vegeta !== undefined && top.rate > 0 ? await runVegeta(vegeta, url, top.rate, TRIAL_S, 32, AGENT_CPU) : undefined;
  const closed = await agent.run({ model: 'closed', protocol: 'http', url, arrival: 'uniform', rateRps: 1, durationS: TRIAL_S * 2, connections: CONNECTIONS, newConnectionEvery: 0, timeoutMs: 2000, seed: 1 });

  const floor = (s: SideBySide, p: number) => noiseFloor(s.samples, p, { seed: 1 });
  const us = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} µs` : '?');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const within = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(0)}%`;
  const p = (s: SideBySide, q: number) => mergedPercentile(s.merged, q);
  console.log(`\nLoad driver on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} CPUs), generators on CPU ${AGENT_CPU}, app on CPU ${APP_CPU}; peer: ${vegeta ? PEER_NAME : 'none'}`);
  console.log(`  highest open-loop rate with lag p99 ≤ ${LAG_P99_GOAL_US} µs and < 1% unsent (goal ≥ 10 000): ${top.rate} rps` + (top.trial ? ` (lag p99 ${top.trial.result.scheduleLagP99Us} µs)` : ''));
  console.log(`  agent CPU per 1000 rps (goal ≤ 5% of a core): ${per1000(top.lowRate, 1000).toFixed(2)}% at 1000 rps` + (top.trial ? `, ${per1000(top.trial, top.rate).toFixed(2)}% at ${top.rate} rps` : '') + `, ${median(ourCpu).toFixed(2)}% at ${AA_RATE} rps`);
  if (vegeta) console.log(`  peer CPU per 1000 rps:                         ${median(peerCpu).toFixed(2)}% at ${AA_RATE} rps` + (peerTop ? `, ${((peerTop.cpuMs / (TRIAL_S * 1000)) * 100 * (1000 / top.rate)).toFixed(2)}% at ${top.rate} rps (${peerTop.errors} errors, ${peerTop.achievedRps.toFixed(0)} rps achieved)` : ''));
  console.log(`  baseline at ${AA_RATE} rps, ${ROUNDS * 2} trials each (meshtax latency from the intended send; vegeta from its send):`);
  console.log(`    meshtax p50 ${us(p(ours, 50))}  p99 ${us(p(ours, 99))}   (service time p50 ${us(mergedPercentile(ours.service!, 50))} p99 ${us(mergedPercentile(ours.service!, 99))})`);
  if (vegeta) {
    console.log(`    vegeta  p50 ${us(p(peer, 50))}  p99 ${us(p(peer, 99))}`);
    console.log(`    meshtax vs vegeta (goal within 15%): p50 ${within(p(ours, 50), p(peer, 50))}, p99 ${within(p(ours, 99), p(peer, 99))}`);
  }
  console.log(`  A/A noise floor at ${AA_RATE} rps: meshtax p50 ±${us(floor(ours, 50))} p99 ±${us(floor(ours, 99))}` + (vegeta ? `; vegeta p50 ±${us(floor(peer, 50))} p99 ±${us(floor(peer, 99))}` : ''));
  console.log(`  closed loop (autocannon, ${CONNECTIONS} connections) ceiling: ${closed.achievedRps.toFixed(0)} rps`);
}
