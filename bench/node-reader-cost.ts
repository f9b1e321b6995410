/**
 * What reading a node's files through the probe pod's reader costs, against reading this host's
 * /proc directly: the harness's CPU per sample of a process-usage probe (stat + status of each
 * process) and the reader process's own, with the reader program (`node -e NODE_READER_PROGRAM`)
 * run here as a local child — the pod's side without `kubectl exec` and the API server's stream
 * in between, which add their own CPU (not counted here). Prints figures; asserts nothing.
 *   flock /tmp/meshtax-machine.lock npx tsx bench/node-reader-cost.ts [samples=400] [processes=6]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { localNodeReader, NODE_READER_PROGRAM, openStreamNodeReader, type NodeReader } from '../src/probes/index.js';

const samples = Number(process.argv[2] ?? 400);
const processCount = Number(process.argv[3] ?? 6);
const pids = [process.pid, ...Array.from({ length: processCount - 1 }, () => process.pid)];

const cpuTicksOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

async function cost(reader: NodeReader, readerPid: number | undefined): Promise<{ harnessUsPerSample: number; readerUsPerSample: number | null }> {
  for (let i = 0; i < 20; i++) await Promise.all(pids.flatMap((pid) => [reader.read(`/proc/${pid}/stat`), reader.read(`/proc/${pid}/status`)]));
  const ticks0 = readerPid === undefined ? 0 : cpuTicksOf(readerPid);
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < samples; i++) await Promise.all(pids.flatMap((pid) => [reader.read(`/proc/${pid}/stat`), reader.read(`/proc/${pid}/status`)]));
  const cpu = process.cpuUsage(cpu0);
  return {
    harnessUsPerSample: Math.round((cpu.user + cpu.system) / samples),
    readerUsPerSample: readerPid === undefined ? null : Math.round(((cpuTicksOf(readerPid) - ticks0) * 10_000) / samples),
  };
}

const local = localNodeReader();
const direct = await cost(local, undefined);
await local.close();

const child = spawn(process.execPath, ['-e', NODE_READER_PROGRAM], { stdio: ['pipe', 'pipe', 'inherit'] });
const remote = await openStreamNodeReader({
  where: 'a local reader child',
  stream: {
    send: (line) => void child.stdin.write(line),
    onLine: (handler) => {
      let pending = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        pending += chunk;
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
          handler(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
    },
    end: async () => {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  },
});
const streamed = await cost(remote, child.pid);
await remote.close();

const atPace = (us: number) => ((us / 500_000) * 100).toFixed(2);
console.log(`${samples} samples of ${processCount} processes (stat + status each):`);
console.log(`  this host's /proc (kept-open handles): harness ${direct.harnessUsPerSample} µs CPU per sample (${atPace(direct.harnessUsPerSample)} % of a core at one sample per 500 ms)`);
console.log(`  through the reader program:            harness ${streamed.harnessUsPerSample} µs, reader ${streamed.readerUsPerSample} µs CPU per sample (${atPace(streamed.harnessUsPerSample)} % + ${atPace(streamed.readerUsPerSample ?? 0)} % of a core at 500 ms)`);
