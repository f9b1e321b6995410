/**
 * The architecture, kept by a tool (docs/ARCHITECTURE.md explains it). Parts are folders under
 * src/; LAYERS lists them from the bottom up, and a product file may import only its own part or
 * parts in lower layers. Tests may reach anything below or beside them; nothing outside a test
 * imports a `testing/` folder. `npm test` runs this check first (`npm run lint:deps`).
 */
const LAYERS = [
  ['errors.ts', 'paths.ts', 'version.ts'],
  ['config', 'process'],
  ['stats', 'capacity'],
  ['scenario', 'pki', 'app', 'probes'],
  ['sidecar', 'load', 'ztunnel'],
  ['record'],
  ['summary'],
  ['compare'],
  ['report'],
  ['targets'],
  ['run'],
  ['cli'],
  // The package's public API (`import { defineConfig } from 'meshtax'`): only config's identity helpers.
  ['index.ts'],
];

const part = (name) => (name.endsWith('.ts') ? `src/${name.replace('.', '\\.')}$` : `src/${name}/`);
const any = (names) => `^(${names.map(part).join('|')})`;
const TESTS = '(\\.test\\.ts$|/testing/|^test/|^bench/)';

const layerRules = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  if (above.length === 0) return [];
  return [
    {
      name: `layer-${i}-imports-down`,
      comment: `${layer.join(', ')} may not import ${above.join(', ')}: imports point down the layers (docs/ARCHITECTURE.md).`,
      severity: 'error',
      from: { path: any(layer), pathNot: TESTS },
      to: { path: any(above) },
    },
  ];
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-cycles',
      comment: 'No import cycle between files (and so none between folders).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'product-never-imports-testing',
      comment: 'Test helpers and fixtures live in testing/ folders; product code does not depend on them.',
      severity: 'error',
      from: { path: '^src/', pathNot: TESTS },
      to: { path: '/testing/' },
    },
    {
      name: 'every-src-file-in-a-layer',
      comment: 'A new part must be placed in LAYERS (.dependency-cruiser.cjs) and docs/ARCHITECTURE.md.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${any(LAYERS.flat())}|${TESTS}|^src/testing/` },
      to: {},
    },
    {
      name: 'run-talks-to-the-target-interface',
      comment: 'run/ reaches a target only through targets/index.ts (the Target seam), never a target\'s own files.',
      severity: 'error',
      from: { path: '^src/run/', pathNot: TESTS },
      to: { path: '^src/targets/local/' },
    },
    {
      name: 'stats-is-pure',
      comment: 'stats/ and capacity/ are pure functions: no file system, processes or network.',
      severity: 'error',
      from: { path: '^src/(stats|capacity)/', pathNot: TESTS },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|http2|dgram|worker_threads)$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.mjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
