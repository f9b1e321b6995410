/**
 * Everything a run needs from the machine, checked before it creates anything (no namespace,
 * cgroup, process, folder or record): the results and reports folders can be written, the
 * profiles' CPUs exist here, and Envoy is Envoy. Each problem is one message naming what to fix.
 */
import { constants } from 'node:fs';
import { access, open, readFile, realpath, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BadInputError, EnvironmentError } from '../errors.js';
import { findZtunnel, ZTUNNEL_HOW_TO, type ZtunnelBinary } from '../ztunnel/index.js';
import { ensureEnvoy, verifyEnvoy, type EnvoyBinary } from '../sidecar/index.js';
import { parseCpuList } from '../targets/index.js';
import type { ResolvedRun } from './resolved-run.js';

export interface Preflight {
  readonly envoy: EnvoyBinary;
  readonly envoyVersion: { version: string; build: string };
  /** Present when a pass measures the ambient data plane. */
  readonly ztunnel?: ZtunnelBinary | undefined;
}

export async function preflightRun(run: ResolvedRun, opts: { reportsDir: string; log?: (line: string) => void }): Promise<Preflight> {
  await checkWritableDir(run.resultsDir, '--results-dir (or resultsDir in bench.config.ts)');
  await checkWritableDir(opts.reportsDir, 'reportsDir in bench.config.ts');
  checkProfileCpus(run, await allowedCpus());
  const ztunnel = await requireZtunnel(run);
  const envoy = await ensureEnvoy(opts.log);
  return { envoy, envoyVersion: await verifyEnvoy(envoy), ztunnel };
}

/** ztunnel, when a pass needs it; none is exit 3, saying how to get one. */
export async function requireZtunnel(run: ResolvedRun): Promise<ZtunnelBinary | undefined> {
  if (!run.passes.some((p) => p.dataPlane === 'ambient')) return undefined;
  const found = await findZtunnel();
  if (!found) throw new EnvironmentError(`Scenario ${run.loaded.scenario.name} measures the ambient data plane (dataPlane "${run.loaded.scenario.dataPlane}"), which needs ztunnel; none was found.`, ZTUNNEL_HOW_TO);
  return found;
}

/** Kernel filesystems: a results folder there is never what was meant (and mkdir may never return). */
const KERNEL_FS = ['/proc', '/sys', '/dev'];

/** `dir` exists as a writable folder, or can be made in its nearest existing parent; nothing is left behind. */
export async function checkWritableDir(dir: string, what: string): Promise<void> {
  const wanted = path.resolve(dir);
  let existing = wanted;
  while (!(await exists(existing))) existing = path.dirname(existing);
  const real = await realpath(existing);
  if (KERNEL_FS.some((k) => real === k || real.startsWith(`${k}/`))) throw new BadInputError(`${what}: ${wanted} is under ${real}, a kernel filesystem, not a folder for results.`, 'Give a folder on a disk, e.g. results/.');
  if (!(await stat(real)).isDirectory()) {
    throw new BadInputError(`${what}: ${wanted} cannot be a folder: ${existing} is a file.`, 'Give a folder (it is created if missing), e.g. results/.');
  }
  await probeWrite(real, wanted, what);
}

async function probeWrite(dir: string, wanted: string, what: string): Promise<void> {
  const probe = path.join(dir, `.meshtax-write-check-${process.pid}`);
  try {
    await access(dir, constants.W_OK | constants.X_OK);
    await (await open(probe, 'wx', 0o600)).close();
  } catch (error) {
    throw new BadInputError(`${what}: cannot write to ${dir}${dir === wanted ? '' : ` (to create ${wanted})`}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'Give a folder you can write to.');
  } finally {
    await rm(probe, { force: true });
  }
}

const exists = (file: string) => stat(file).then(() => true, () => false);

async function allowedCpus(): Promise<number[]> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  return list ? parseCpuList(list) : os.cpus().map((_, i) => i);
}

/** A profile's `cpus` must name CPUs this process may use. */
export function checkProfileCpus(run: ResolvedRun, allowed: readonly number[]): void {
  for (const profile of run.profiles) {
    const cpus = run.config.profiles[profile]?.cpus;
    if (cpus === undefined) continue;
    const missing = parseCpuList(cpus).filter((c) => !allowed.includes(c));
    if (missing.length > 0) {
      throw new BadInputError(
        `profiles.${profile}.cpus is "${cpus}", but CPU ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not on this machine (this process may use ${allowed.join(', ')}).`,
        'Change `cpus` of the profile in bench.config.ts, or leave it out to split the CPUs between the nodes.',
      );
    }
  }
}
