/**
 * The images `--target kubernetes` deploys, built into the local cluster (`npm run cluster:images`):
 * the sample app — the host's `node` and the app bundled by esbuild into one file beside its
 * proto — and Envoy, the binary the local target runs. Names and tags from
 * src/targets/kubernetes/images.ts; pods take them with imagePullPolicy: Never.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { ensureEnvoy, PINNED_ENVOY_VERSION } from '../../src/sidecar/index.js';
import { AGENT_IMAGE_ENTRY, AGENT_IMAGE_PACKAGE_JSON, AGENT_IMAGE_WORKER, APP_IMAGE_ENTRY, ENVOY_IMAGE_ENTRY, imageRefs, LOCAL_IMAGE_PREFIX } from '../../src/targets/kubernetes/images.js';
import { TOOL_VERSION } from '../../src/version.js';
import { run } from './exec.js';
import { buildBinaryImage, buildNodeImage, importedImages } from './images.js';
import { layout } from './layout.js';

/** esbuild (tsx's own dependency) bundles the app: the image needs no node_modules. */
const ESBUILD = path.join(projectRoot, 'node_modules', '.bin', 'esbuild');
// grpc-js is CommonJS: in an ESM bundle its require() of Node's modules needs a real require.
const REQUIRE_BANNER = "import { createRequire as __meshtaxCreateRequire } from 'node:module'; const require = __meshtaxCreateRequire(import.meta.url);";

const bundle = (entry: string, out: string) =>
  run(ESBUILD, [path.join(projectRoot, entry), '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${out}`, `--banner:js=${REQUIRE_BANNER}`, '--log-level=warning'], { timeoutMs: 120_000 });

/**
 * The app image's files: the sample app, and `meshtax agent` (the load-agent pod) with the
 * metronome worker it starts beside it and a package.json that gives its version (the hello).
 */
export async function bundleApp(outDir: string): Promise<Record<string, string>> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const out = path.join(outDir, 'server.mjs');
  const agentOut = path.join(outDir, 'agent.mjs');
  await bundle('src/app/server.ts', out);
  await bundle('src/cli/agent-main.ts', agentOut);
  return {
    [AGENT_IMAGE_ENTRY]: await readFile(agentOut, 'utf8'),
    [AGENT_IMAGE_WORKER]: await readFile(path.join(projectRoot, 'src/load/metronome.worker.mjs'), 'utf8'),
    [AGENT_IMAGE_PACKAGE_JSON]: `${JSON.stringify({ name: 'meshtax', version: TOOL_VERSION, type: 'module' })}\n`,
    [APP_IMAGE_ENTRY]: await readFile(out, 'utf8'),
    [path.posix.join(path.posix.dirname(APP_IMAGE_ENTRY), 'sample.proto')]: await readFile(path.join(projectRoot, 'src/app/sample.proto'), 'utf8'),
  };
}

/** Builds the app image every time (its content follows the checkout) and the Envoy image when missing. */
export async function buildMeshtaxImages(log: (line: string) => void): Promise<void> {
  const refs = imageRefs(LOCAL_IMAGE_PREFIX, PINNED_ENVOY_VERSION);
  await buildNodeImage(refs.app, await bundleApp(path.join(layout.images, 'meshtax-app-bundle')));
  log(`✓ built and imported ${refs.app}`);
  if ((await importedImages()).includes(refs.envoy)) return log(`✓ ${refs.envoy}`);
  const envoy = await ensureEnvoy(log);
  await buildBinaryImage(refs.envoy, envoy.path, ENVOY_IMAGE_ENTRY, {});
  log(`✓ built and imported ${refs.envoy} from ${envoy.path}`);
}
