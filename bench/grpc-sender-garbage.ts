/**
 * Benchmark (figures, not a test): the garbage each gRPC sender makes per call, and the scavenges
 * it costs, against the sample app's grpc-js server on loopback.
 *   npx tsx bench/grpc-sender-garbage.ts [-- --calls 5000 --rate 1000 --rounds 2]
 * Each round runs the lean sender and node:http2's (order alternating) in a fresh Node process
 * with --trace-gc-nvp, pinned to CPU 0 (the app on CPU 1), and sums V8's `allocated` over the
 * scavenges between the warm-up and the end. Bytes per call hardly move with the machine's load;
 * pauses do.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startApp } from '../src/app/index.js';
import { grpcHttp2Requester } from '../src/load/grpc-http2-requester.js';
import { grpcRequester } from '../src/load/grpc-requester.js';
import { nodeCommand, spawnChild } from '../src/process/index.js';
import { RunContext } from '../src/process/run-context.js';
import { pinTo } from '../src/targets/index.js';

const SENDERS = { lean: grpcRequester, 'node:http2': grpcHttp2Requester };
type SenderName = keyof typeof SENDERS;
const WARM_UP_CALLS = 500;
const MARK = 'GARBAGE-MARK';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '5000' }, rate: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '2' }, child: { type: 'string' }, port: { type: 'string' } } });

/** Child: warm up, mark, send `calls` at `rate` over 16 sessions, mark, report. */
async function child(sender: SenderName, port: number, calls: number, rateRps: number): Promise<void> {
  let done = 0;
  let failed = 0;
  const requester = SENDERS[sender]({ url: `http://127.0.0.1:${port}/`, connections: 16, newConnectionEvery: 0, timeoutMs: 2000 }, (_id, _status, ok) => {
    done += 1;
    if (!ok) failed += 1;
  });
  await requester.ready?.();
  const waitFor = async (n: number) => {
    while (done < n) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  for (let id = 0; id < WARM_UP_CALLS; id++) requester.send(id);
  await waitFor(WARM_UP_CALLS);
  console.log(`${MARK} start`);
  const startMs = performance.now();
  let sent = WARM_UP_CALLS;
  const total = WARM_UP_CALLS + calls;
  while (sent < total) {
    const due = Math.min(total, WARM_UP_CALLS + Math.floor(((performance.now() - startMs) / 1000) * rateRps));
    while (sent < due) requester.send(sent++);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await waitFor(total);
  console.log(`${MARK} end ${failed}`);
  await requester.close();
}

interface Garbage {
  bytesPerCall: number;
  scavenges: number;
  maxPauseMs: number;
  totalPauseMs: number;
  failed: number;
}

function measureGarbage(lines: readonly string[], calls: number): Garbage {
  let on = false;
  const g: Garbage = { bytesPerCall: 0, scavenges: 0, maxPauseMs: 0, totalPauseMs: 0, failed: 0 };
  let bytes = 0;
  for (const line of lines) {
    if (line.startsWith(`${MARK} start`)) on = true;
    else if (line.startsWith(`${MARK} end`)) [on, g.failed] = [false, Number(line.split(' ')[2])];
    else if (on && line.includes(' gc=')) {
      const field = (name: string) => Number(new RegExp(`(?:^|\\s)${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
      bytes += field('allocated');
      const pause = field('pause');
      g.maxPauseMs = Math.max(g.maxPauseMs, pause);
      g.totalPauseMs += pause;
      if (line.includes(' gc=s ')) g.scavenges += 1;
    }
  }
  g.bytesPerCall = bytes / calls;
  return g;
}

async function main(): Promise<void> {
  const calls = Number(values.calls);
  const rateRps = Number(values.rate);
  const rounds = Number(values.rounds);
  const ctx = new RunContext('bench-grpc-garbage', 600_000);
  try {
    const app = await startApp(ctx, { version: 'v1', httpPort: 0, grpcPort: 0, payloadBytes: 1024, cpuWorkUs: 0, host: '127.0.0.1' }, { name: 'app', wrap: pinTo('1') });
    const results: Record<SenderName, Garbage[]> = { lean: [], 'node:http2': [] };
    for (let round = 0; round < rounds; round++) {
      const order: SenderName[] = round % 2 === 0 ? ['lean', 'node:http2'] : ['node:http2', 'lean'];
      for (const sender of order) {
        const command = nodeCommand(fileURLToPath(import.meta.url), ['--child', sender, '--port', String(app.grpcPort), '--calls', String(calls), '--rate', String(rateRps)]);
        const run = spawnChild(ctx, { name: `${sender} sender`, file: command.file, args: ['--trace-gc-nvp', ...command.args], wrap: pinTo('0') });
        const lines: string[] = [];
        await run.waitForLine((line) => (lines.push(line), line.startsWith(`${MARK} end`) ? true : undefined), 'the end mark', 120_000);
        await run.stop();
        results[sender].push(measureGarbage(lines, calls));
        console.error(`  round ${round + 1}: ${sender} done`);
      }
    }
    console.log(`gRPC senders' garbage: ${calls} calls at ${rateRps} rps over 16 sessions to the app's grpc-js server (1 KiB replies), after ${WARM_UP_CALLS} warm-up calls; sender on CPU 0, app on CPU 1`);
    for (const [sender, gs] of Object.entries(results)) {
      for (const g of gs) {
        console.log(`  ${sender.padEnd(10)} ${Math.round(g.bytesPerCall).toString().padStart(6)} bytes/call, ${g.scavenges} scavenges (max pause ${g.maxPauseMs.toFixed(1)} ms, total ${g.totalPauseMs.toFixed(1)} ms), ${g.failed} failed calls`);
      }
    }
  } finally {
    await ctx.unwind();
  }
}

if (values.child) await child(values.child as SenderName, Number(values.port), Number(values.calls), Number(values.rate));
else await main();
