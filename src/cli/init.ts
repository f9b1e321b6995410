/** `meshtax init`: a bench.config.ts and a scenario of the user's own, in their repository. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { writeFileAtomic } from '../record/index.js';
import { runCommand, text, type CommandSpec } from './command-spec.js';

export const initSpec: CommandSpec = {
  name: 'init',
  summary: 'write a bench.config.ts and a scenario (TypeScript + Istio YAML) into this folder',
  options: [
    { flags: '--dir <dir>', description: 'where to write them (default: here)' },
    { flags: '--name <scenario>', description: 'the scenario\'s name (default: my-service)' },
    { flags: '--force', description: 'overwrite files that are already there' },
  ],
  details: `Writes:
  bench.config.ts                    your defaults: budget, percentiles, rounds, node profiles, prices
  scenarios/<name>.ts                a scenario: workload, load, and the mesh policy as Istio YAML
  scenarios/<name>.istio.yaml        PeerAuthentication STRICT — the YAML you would ship
Then: npx meshtax validate <name>, npx meshtax bench <name> --quick.`,
};

const CONFIG = `import { defineConfig } from 'meshtax';

// Your defaults for every run; every field is optional (\`npx meshtax bench --help\` explains them).
export default defineConfig({
  budgetUs: 2000, // the latency budget for the tax: 2 ms
  percentiles: [50, 90, 99, 99.9],
  verdictPercentiles: [50, 90, 99],
  // A default run looks at 8 rounds, then 14, 20, 28, 40 (sequential.maxRounds), and stops when every
  // verdict percentile is decided, or before a look that would end after sequential.maxDurationS.
  timing: { rounds: 8, trialSeconds: 2, warmupSeconds: 2 },
  sequential: { maxRounds: 40, maxDurationS: 300 },
  quick: { rounds: 6, trialSeconds: 1, warmupSeconds: 1 },
  profiles: {
    dedicated: { kind: 'dedicated' },
    'shared-core': { kind: 'shared-core', quotaPct: 15, neighbourDutyPct: 50 },
  },
  defaultProfiles: ['dedicated'],
  resultsDir: 'results',
  reportsDir: 'reports',
  // Prices per node type for the capacity report, e.g. 'c6i.large': { perHour: 0.085, currency: 'USD' }.
  prices: {},
});
`;

const scenario = (name: string) => `import { defineScenario } from 'meshtax';

export default defineScenario({
  name: '${name}',
  description: '${name}: HTTP/1.1, 1 KiB responses, mTLS STRICT between the sidecars, open loop at 500 rps',
  workload: { protocol: 'http', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 },
  load: { model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16 },
  mesh: { istioFile: './${name}.istio.yaml' },
});
`;

const ISTIO = `# The mesh policy, as you ship it to your cluster.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: default
spec:
  mtls:
    mode: STRICT
`;

const exists = (file: string) => access(file).then(() => true, () => false);

export function initCommand(argv: readonly string[]): Promise<number> {
  return runCommand(initSpec, argv, async (values) => {
    const dir = path.resolve(text(values.dir) ?? '.');
    const name = text(values.name) ?? 'my-service';
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) throw new BadInputError(`--name "${name}": a scenario name is lower-case letters, digits and dashes (at most 63).`);
    const files: Record<string, string> = {
      'bench.config.ts': CONFIG,
      [path.join('scenarios', `${name}.ts`)]: scenario(name),
      [path.join('scenarios', `${name}.istio.yaml`)]: ISTIO,
    };
    const there = [];
    for (const file of Object.keys(files)) if (await exists(path.join(dir, file))) there.push(file);
    if (there.length > 0 && values.force !== true) throw new BadInputError(`${there.join(', ')} already there in ${dir}; nothing written.`, 'Add --force to overwrite them.');
    for (const [file, content] of Object.entries(files)) await writeFileAtomic(path.join(dir, file), content);
    process.stdout.write(`Wrote ${Object.keys(files).join(', ')} in ${dir}.\nNext: npx meshtax validate ${name} && npx meshtax bench ${name} --quick\n`);
    return ExitCode.ok;
  });
}
