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
import { APP_IMAGE_ENTRY, ENVOY_IMAGE_ENTRY, imageRefs, LOCAL_IMAGE_PREFIX } from '../../src/targets/kubernetes/images.js';
import { run } from './exec.js';
import { buildBinaryImage, buildNodeImage, importedImages } from './images.js';
import { layout } from './layout.js';

/** esbuild (tsx's own dependency) bundles the app: the image needs no node_modules. */
const ESBUILD = path.join(projectRoot, 'node_modules', '.bin', 'esbuild');
// grpc-js is CommonJS: in an ESM bundle its require() of Node's modules needs a real require.
const REQUIRE_BANNER = "import { createRequire as __meshtaxCreateRequire } from 'node:module'; const require = __meshtaxCreateRequire(import.meta.url);";

export async function bundleApp(outDir: string): Promise<Record<string, string>> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const out = path.join(outDir, 'server.mjs');
  await run(ESBUILD, [path.join(projectRoot, 'src/app/server.ts'), '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${out}`, `--banner:js=${REQUIRE_BANNER}`, '--log-level=warning'], { timeoutMs: 120_000 });
  return {
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
