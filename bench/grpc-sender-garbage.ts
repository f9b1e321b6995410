/**
 * Benchmark (figures, not a test): the garbage each gRPC sender makes per call, and the scavenges
 * it costs, against the sample app's grpc-js server on loopback.
 *   npx tsx bench/grpc-sender-garbage.ts [-- --calls 5000 --rate 1000 --rounds 2]
 * Each round runs the lean sender and node:http2's (order alternating) in a fresh Node process
 * with --trace-gc-nvp, pinned to CPU 0 (the app on CPU 1), and sums V8's `allocated` over the
 * scavenges between the warm-up and the end (a forced scavenge on each side bounds the window). Bytes per call hardly move with the machine's load;
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
  const scavenge = () => (globalThis as { gc?: (o: { type: string }) => void }).gc?.({ type: 'minor' });
  scavenge(); // from an empty young generation, so the window's bytes are the scavenges' sum
  console.log(`${MARK} start ${performance.now()}`);
  const startMs = performance.now();
  let sent = WARM_UP_CALLS;
  const total = WARM_UP_CALLS + calls;
  while (sent < total) {
    const due = Math.min(total, WARM_UP_CALLS + Math.floor(((performance.now() - startMs) / 1000) * rateRps));
    while (sent < due) requester.send(sent++);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await waitFor(total);
  const endMs = performance.now();
  scavenge(); // collects what the window left, counted in bytes, not in scavenges or pauses
  console.log(`${MARK} end ${endMs} ${performance.now()} ${failed}`);
  await requester.close();
  process.exit(0); // flushes V8's GC trace (C stdio, buffered apart from console.log)
}

interface Garbage {
  bytesPerCall: number;
  scavenges: number;
  maxPauseMs: number;
  totalPauseMs: number;
  failed: number;
}

/**
 * Sums the GC trace between the marks. The trace and console.log reach stdout through different
 * buffers, so lines are placed by time: the trace's ms since the isolate started against the
 * marks' performance.now() (the same origin within a few ms).
 */
function measureGarbage(lines: readonly string[], calls: number): Garbage {
  const g: Garbage = { bytesPerCall: 0, scavenges: 0, maxPauseMs: 0, totalPauseMs: 0, failed: 0 };
  const start = lines.find((l) => l.startsWith(`${MARK} start`))?.split(' ');
  const end = lines.find((l) => l.startsWith(`${MARK} end`))?.split(' ');
  if (start === undefined || end === undefined) throw new Error('the sender never reached its end mark');
  const [fromMs, toMs, flushedMs] = [Number(start[2]), Number(end[2]), Number(end[3])];
  g.failed = Number(end[4]);
  let bytes = 0;
  for (const line of lines) {
    const atMs = Number(/^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: /.exec(line)?.[1] ?? NaN);
    if (atMs >= fromMs && atMs <= flushedMs + 1 && line.includes(' gc=')) {
      const field = (name: string) => Number(new RegExp(`(?:^|\\s)${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
      bytes += field('allocated');
      if (atMs > toMs) continue;
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
        // Its own context: the sender exits by itself, which would abort the app's run.
        const senderCtx = new RunContext(`bench-grpc-garbage-${sender}`, 180_000);
        const run = spawnChild(senderCtx, { name: `${sender} sender`, file: command.file, args: ['--trace-gc-nvp', '--expose-gc', ...command.args], wrap: pinTo('0') });
        let output = '';
        run.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
        const exited = await Promise.race([run.process.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 120_000))]);
        if (!exited) await run.stop();
        await senderCtx.unwind();
        results[sender].push(measureGarbage(output.split('\n'), calls));
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
