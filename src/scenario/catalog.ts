import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { importDefault, ScenarioSchema, validate, type Scenario } from '../config/index.js';
import { BadInputError } from '../errors.js';
import { MAX_ISTIO_BYTES, parseIstioYaml } from './istio/parse.js';
import { translateIstio } from './istio/translate.js';
import type { MeshPolicy } from './policy.js';

export interface ScenarioEntry {
  readonly name: string;
  readonly description: string;
  readonly file: string;
}

export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  /** The Istio YAML exactly as the user wrote it (what the Kubernetes target would apply). */
  readonly istioYaml: string;
  readonly policy: MeshPolicy;
}

const SCENARIO_FILE = /^([a-z0-9][a-z0-9-]*)\.ts$/;

/** The scenarios in `dirs`, a name in an earlier folder shadowing the same name in a later one. */
export async function listScenarios(dirs: string | readonly string[]): Promise<ScenarioEntry[]> {
  const seen = new Map<string, ScenarioEntry>();
  for (const dir of typeof dirs === 'string' ? [dirs] : dirs) {
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => SCENARIO_FILE.test(f)).sort();
    for (const f of files) {
      const file = path.join(dir, f);
      const scenario = validate(ScenarioSchema, await importDefault(file), file);
      if (!seen.has(scenario.name)) seen.set(scenario.name, { name: scenario.name, description: scenario.description, file });
    }
  }
  return [...seen.values()];
}

/** A scenario by name (from `dirs`) or by path to a .ts file. Unknown names list the real ones. */
export async function loadScenario(nameOrPath: string, dirs: string | readonly string[]): Promise<LoadedScenario> {
  let file = path.resolve(nameOrPath);
  if (!nameOrPath.endsWith('.ts')) {
    const known = await listScenarios(dirs);
    const entry = known.find((s) => s.name === nameOrPath);
    if (entry === undefined) {
      const list = known.map((s) => `  ${s.name.padEnd(18)} ${s.description}`).join('\n');
      throw new BadInputError(`There is no scenario named "${nameOrPath}". The scenarios are:\n${list}`, 'Run `meshtax list` to see them with their descriptions.');
    }
    file = entry.file;
  }
  const scenario = validate(ScenarioSchema, await importDefault(file), file);
  const { yaml, source } = await istioSource(scenario, file);
  const policy = translateIstio(parseIstioYaml(yaml, source), scenario.workload, source);
  return { scenario, file, istioYaml: yaml, policy };
}

async function istioSource(scenario: Scenario, file: string): Promise<{ yaml: string; source: string }> {
  if ('istio' in scenario.mesh) return { yaml: scenario.mesh.istio, source: `${file} (mesh.istio)` };
  const yamlFile = path.resolve(path.dirname(file), scenario.mesh.istioFile);
  const info = await stat(yamlFile).catch(() => undefined);
  if (info === undefined) throw new BadInputError(`${file}: mesh.istioFile: cannot read ${yamlFile}`);
  // Checked before reading: a device or a huge file would never finish.
  if (!info.isFile()) throw new BadInputError(`${file}: mesh.istioFile: ${yamlFile} is not a regular file.`);
  if (info.size > MAX_ISTIO_BYTES) throw new BadInputError(`${file}: mesh.istioFile: ${yamlFile} is ${Math.round(info.size / 1024)} KiB; an Istio file of a scenario may be at most ${MAX_ISTIO_BYTES / 1024} KiB.`);
  try {
    return { yaml: await readFile(yamlFile, 'utf8'), source: yamlFile };
  } catch {
    throw new BadInputError(`${file}: mesh.istioFile: cannot read ${yamlFile}`);
  }
}
