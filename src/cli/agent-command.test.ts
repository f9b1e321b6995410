// `meshtax agent`: its flags, and a real agent that listens on loopback, answers a harness over
// mutual TLS and stops at --max-life-s.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BadInputError, EnvironmentError } from '../errors.js';
import { connectLoadAgent } from '../load/index.js';
import { createRunPki, workloadCert } from '../pki/index.js';
import { RunContext } from '../process/index.js';
import { TOOL_VERSION } from '../version.js';
import { agentCommand, parseListen } from './agent.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('meshtax agent --listen', () => {
  it('takes host:port (port 0: any free one), IPv6 in brackets; anything else is bad input', () => {
    expect(parseListen('0.0.0.0:7070')).toEqual({ host: '0.0.0.0', port: 7070 });
    expect(parseListen('[::1]:7070')).toEqual({ host: '::1', port: 7070 });
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    for (const bad of ['7070', 'host:', 'host:x', 'host:70000', ':7070']) expect(() => parseListen(bad)).toThrow(BadInputError);
  });

  it('refuses to start without its certificate (bad input)', async () => {
    await expect(agentCommand(['--listen', '127.0.0.1:0'])).rejects.toThrow(/needs --cert/);
  });

  it('serves a harness of the same version over mutual TLS, then stops at --max-life-s with exit 0', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'meshtax-agent-cli-'));
    dirs.push(dir);
    const pki = await createRunPki({ dir: path.join(dir, 'pki'), workloads: [{ name: 'load-agent', namespace: 'meshtax', serviceAccount: 'load-agent' }, { name: 'harness', namespace: 'meshtax', serviceAccount: 'meshtax-harness' }] });
    const [agent, harness] = [workloadCert(pki, 'load-agent'), workloadCert(pki, 'harness')];
    const printed = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stopped = agentCommand(['--listen', '127.0.0.1:0', '--cert', agent.certPath, '--key', agent.keyPath, '--ca', pki.caPath, '--peer-id', harness.spiffeId, '--max-life-s', '3']);
    await vi.waitFor(() => expect(printed.mock.calls.flat().join('')).toMatch(/listening on 127\.0\.0\.1:\d+/), { timeout: 5_000 });
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(printed.mock.calls.flat().join(''))![1]);
    printed.mockRestore();
    const ctx = new RunContext('agent-cli-test', 30_000);
    const tls = { cert: await readFile(harness.certPath, 'utf8'), key: await readFile(harness.keyPath, 'utf8'), ca: await readFile(pki.caPath, 'utf8'), peerId: agent.spiffeId };
    try {
      await expect(connectLoadAgent(ctx, { host: '127.0.0.1', port, tls, toolVersion: TOOL_VERSION, where: 'the CLI agent' })).resolves.toBeDefined();
      await expect(connectLoadAgent(ctx, { host: '127.0.0.1', port, tls, toolVersion: `${TOOL_VERSION}-other`, where: 'the CLI agent' })).rejects.toBeInstanceOf(EnvironmentError);
    } finally {
      await ctx.unwind();
    }
    await expect(stopped).resolves.toBe(0);
  }, 15_000);
});
