/**
 * The node reader seam: the reader program a probe pod runs (`node -e NODE_READER_PROGRAM`), here
 * started as a real local child so the newline-JSON conversation, gone-process errors and the
 * probes reading through it are exercised without a cluster; the pod's mount translation by hand.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createCgroupThrottlingProbe } from './cgroup-throttling.js';
import { localNodeReader, type NodeReader } from './node-reader.js';
import { createProcessUsageProbe, parseProcPidStat } from './process-usage.js';
import { isGoneError } from './sampler.js';
import { hostMountTranslation, NODE_READER_PROGRAM, openStreamNodeReader, type ReaderStream } from './stream-node-reader.js';
import { killAndWait, started, startSpinner } from './testing/fixtures.js';

const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map(killAndWait));
});

/** The reader program as a child of this test, as `kubectl exec -i` runs it in the probe pod. */
function readerChild(): ReaderStream {
  const child = spawn(process.execPath, ['-e', NODE_READER_PROGRAM], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return {
    send: (line) => void child.stdin!.write(line),
    onLine: (handler) => {
      let pending = '';
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        pending += chunk;
        for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
          handler(pending.slice(0, nl));
          pending = pending.slice(nl + 1);
        }
      });
    },
    end: async () => {
      child.stdin!.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

describe('the reader program over its stdin/stdout', () => {
  it('reads a process\'s /proc files and lists /proc, as the node sees them', async () => {
    const reader = await openStreamNodeReader({ where: 'a test child', stream: readerChild() });
    const stat = parseProcPidStat(await reader.read(`/proc/${process.pid}/stat`));
    expect(stat.startTimeTicks).toBeGreaterThan(0);
    expect(await reader.list('/proc')).toContain(String(process.pid));
    await reader.close();
  });

  it('hands back a gone file\'s error code, so a probe tells "gone" from a failure', async () => {
    const reader = await openStreamNodeReader({ where: 'a test child', stream: readerChild() });
    const error = await reader.read('/proc/999999999/stat').catch((e: unknown) => e);
    expect(isGoneError(error)).toBe(true);
    expect(String(error)).toMatch(/\/proc\/999999999\/stat on a test child/);
    await reader.close();
    await expect(reader.read('/proc/stat')).rejects.toThrow(/closed/);
  });

  it('answers many reads in flight, each to its own request', async () => {
    const reader = await openStreamNodeReader({ where: 'a test child', stream: readerChild() });
    const pids = (await reader.list('/proc')).filter((e) => /^\d+$/.test(e)).slice(0, 40);
    const texts = await Promise.all(pids.map((pid) => reader.read(`/proc/${pid}/stat`).catch(() => `${pid} (gone)`)));
    texts.forEach((text, i) => expect(text.startsWith(`${pids[i]} (`)).toBe(true));
    await reader.close();
  });

  it('gives up on a reader that never says it is ready, or never answers', async () => {
    const silent: ReaderStream = { send: () => undefined, onLine: () => undefined, end: async () => undefined };
    await expect(openStreamNodeReader({ where: 'a silent pod', stream: silent, readyTimeoutMs: 50 })).rejects.toThrow(/a silent pod.*did not start within 50 ms/);
    let handler: (line: string) => void = () => undefined;
    const mute: ReaderStream = { send: () => undefined, onLine: (h) => (handler = h), end: async () => undefined };
    const opening = openStreamNodeReader({ where: 'a mute pod', stream: mute, answerTimeoutMs: 50 });
    handler('{"ready":true}');
    const reader = await opening;
    await expect(reader.read('/proc/stat')).rejects.toThrow(/a mute pod.*did not answer for \/proc\/stat within 50 ms/);
  });
});

describe('the probes reading through a node reader', () => {
  it('measures a busy process on a named node through the reader program, and says how it was read', async () => {
    const spinner = startSpinner();
    children.push(spinner);
    await started(spinner);
    const node: NodeReader = await openStreamNodeReader({ where: 'DaemonSet pod p on node n1', stream: readerChild() });
    const probe = createProcessUsageProbe({ processes: [{ pid: spinner.pid!, role: 'envoy-client', name: 'envoy-client', node: 'n1' }], intervalMs: 100, nodes: { n1: node } });
    probe.start();
    await sleep(450);
    const series = await probe.stop();
    await node.close();
    expect(series.available).toBe(true);
    expect(series.summary['envoy-client.meanMillicores']).toBeGreaterThan(50);
    expect(series.labels?.['envoy-client.readVia']).toBe('DaemonSet pod p on node n1');
  });

  it('refuses a process on a node it has no reader for, before sampling', () => {
    expect(() => createProcessUsageProbe({ processes: [{ pid: 1, role: 'app', name: 'app', node: 'elsewhere' }] })).toThrow(/node elsewhere, which has no reader/);
  });

  it('reads a cgroup\'s cpu.stat through the reader, finding the layout from the node\'s mount table', async () => {
    const node = await openStreamNodeReader({ where: 'a test child', stream: readerChild() });
    const probe = createCgroupThrottlingProbe({ cgroup: '/', name: 'cgroup-root', intervalMs: 100, readText: node.read });
    probe.start();
    await sleep(250);
    const series = await probe.stop();
    await node.close();
    expect(series.available, series.note).toBe(true);
    expect(series.labels?.cgroupVersion).toMatch(/^v[12]$/);
  });

  it('the local reader reads and lists this host\'s files', async () => {
    const local = localNodeReader();
    expect(local.where).toBe('local /proc');
    expect(await local.read('/proc/self/stat')).toMatch(/^\d+ \(/);
    expect(await local.list('/proc')).toContain(String(process.pid));
    await local.close();
  });
});

describe('the probe pod\'s mounts', () => {
  it('maps the node\'s /proc and cgroup paths under the pod\'s /host, and /proc/self to the node\'s init', () => {
    const inPod = hostMountTranslation('/host');
    expect(inPod('/proc/123/stat')).toBe('/host/proc/123/stat');
    expect(inPod('/proc')).toBe('/host/proc');
    expect(inPod('/proc/self/mountinfo')).toBe('/host/proc/1/mountinfo');
    expect(inPod('/sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/cpu.stat')).toBe('/host/sys/fs/cgroup/cpu,cpuacct/kubepods/pod1/cpu.stat');
    expect(inPod('/sys/fs/cgroupx')).toBe('/sys/fs/cgroupx');
    expect(inPod('/etc/hostname')).toBe('/etc/hostname');
  });
});
