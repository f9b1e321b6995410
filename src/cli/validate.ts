/**
 * `meshtax validate <scenario>` and `bench --dry-run`: the config and the scenario checked, the
 * Istio YAML translated, and the sidecars' generated Envoy configuration printed (as
 * `istioctl proxy-config` users expect to read it) and checked by Envoy itself when it is here.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ExitCode } from '../errors.js';
import { createRunPki, removeRunPki } from '../pki/index.js';
import { writeFileAtomic } from '../record/index.js';
import { resolveRun, type ResolvedRun } from '../run/resolved-run.js';
import { newRunId } from '../run/run-id.js';
import { loadScenario } from '../scenario/index.js';
import { findEnvoy, meshBootstraps, validateMeshBootstraps } from '../sidecar/index.js';
import { runCommand, text, type CommandSpec, type Values } from './command-spec.js';
import { openWorkspace } from './workspace.js';

export const validateSpec: CommandSpec = {
  name: 'validate',
  summary: 'check a scenario and its Istio YAML, and print the Envoy configuration it generates',
  arguments: '<scenario>',
  options: [
    { flags: '--config <file>', description: 'bench config (default: the nearest bench.config.ts from here upwards)' },
    { flags: '--out <dir>', description: 'write each sidecar\'s configuration to <dir>/<sidecar>.json instead of printing it' },
    { flags: '--quiet', description: 'only the checks, not the configuration' },
  ],
  details: `Loads the config and the scenario (a name from \`meshtax list\` or a path), translates its Istio
resources, generates the client and server sidecars' Envoy bootstraps and, when Envoy is found,
runs \`envoy --mode validate\` on each. Addresses and ports are stand-ins for the run's.

Exit codes: 0 valid, 2 the config, the scenario or a generated configuration is invalid.`,
};

export function validateCommand(argv: readonly string[]): Promise<number> {
  return runCommand(validateSpec, argv, async (values, positionals) => {
    const workspace = await openWorkspace(text(values.config));
    const loaded = await loadScenario(positionals[0]!, workspace.scenarioDirs);
    const run = resolveRun({ runId: newRunId(loaded.scenario.name), loaded, config: workspace.config, resultsDir: workspace.resultsDir() });
    process.stderr.write(`✓ config ${workspace.configSource}\n✓ scenario ${loaded.scenario.name} (${loaded.file})\n`);
    return previewSidecars(run, values);
  });
}

/** `bench --dry-run`: the same, for the run as resolved from the bench flags. */
export function dryRun(run: ResolvedRun): Promise<number> {
  process.stderr.write(`✓ scenario ${run.loaded.scenario.name} (${run.loaded.file}); profiles ${run.profiles.join(', ')}; ${run.stopping ? `looks at ${run.stopping.plan.looks.join(', ')} rounds (at most ${run.stopping.maxDurationS} s)` : `${run.timing.rounds} rounds`} × ${run.timing.trialSeconds} s\n`);
  return previewSidecars(run, {});
}

async function previewSidecars(run: ResolvedRun, values: Values): Promise<number> {
  const { scenario, policy } = run.loaded;
  const configs = await withScratchPki(run, (pki, dir) => meshBootstraps(policy, scenario.workload, scenario.workload.protocol, pki, dir));
  const out = text(values.out);
  if (out !== undefined) {
    await mkdir(out, { recursive: true });
    for (const [name, config] of Object.entries(configs)) await writeFileAtomic(path.join(out, `${name}.json`), `${JSON.stringify(config, null, 2)}\n`);
    process.stderr.write(`Envoy configurations written to ${out}/ (${Object.keys(configs).join(', ')})\n`);
  } else if (values.quiet !== true) {
    process.stdout.write(`${JSON.stringify(configs, null, 2)}\n`);
  }
  const envoy = await findEnvoy().catch(() => undefined);
  if (envoy === undefined) {
    process.stderr.write('– Envoy not found here: the configurations were generated but not checked by Envoy (`meshtax setup` or ENVOY_BIN).\n');
    return ExitCode.ok;
  }
  const verdicts = await validateMeshBootstraps(envoy.path, policy, scenario.workload, scenario.workload.protocol);
  for (const v of verdicts) process.stderr.write(`${v.exitCode === 0 ? '✓' : '✗'} envoy --mode validate ${v.name}${v.exitCode === 0 ? '' : `:\n${v.output.trim()}`}\n`);
  return verdicts.every((v) => v.exitCode === 0) ? ExitCode.ok : ExitCode.badInput;
}

async function withScratchPki<T>(run: ResolvedRun, use: (pki: Awaited<ReturnType<typeof createRunPki>>, dir: string) => T): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-preview-'));
  const w = run.loaded.scenario.workload;
  const pki = await createRunPki({
    dir: path.join(dir, 'pki'),
    workloads: [{ name: 'loadgen', namespace: w.namespace, serviceAccount: 'loadgen' }, ...w.versions.map((v) => ({ name: `${w.serviceName}-${v}`, namespace: w.namespace, serviceAccount: w.serviceName }))],
  });
  try {
    return use(pki, dir);
  } finally {
    await removeRunPki(pki);
    await rm(dir, { recursive: true, force: true });
  }
}
