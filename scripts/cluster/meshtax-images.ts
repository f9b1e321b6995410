/**
 * The images `--target kubernetes` deploys, built into the local cluster (`npm run cluster:images`)
 * by the same code as `meshtax image build` (src/targets/kubernetes/image-build.ts), with the
 * cluster's own buildah storage and the `localhost/` prefix, then imported into its containerd;
 * pods take them with imagePullPolicy: Never.
 */
import { ensureEnvoy, PINNED_ENVOY_VERSION } from '../../src/sidecar/index.js';
import { buildMeshtaxImages as buildImages } from '../../src/targets/kubernetes/image-build.js';
import { LOCAL_IMAGE_PREFIX } from '../../src/targets/kubernetes/images.js';
import { clusterBuildah, importedImages, importImage } from './images.js';
import { layout } from './layout.js';

/** Builds the app image every time (its content follows the checkout) and the Envoy image when missing. */
export async function buildMeshtaxImages(log: (line: string) => void): Promise<void> {
  const buildah = await clusterBuildah();
  const imported = await importedImages();
  const envoy = await ensureEnvoy(log);
  const refs = await buildImages({
    buildah,
    prefix: LOCAL_IMAGE_PREFIX,
    envoy: { path: envoy.path, version: PINNED_ENVOY_VERSION },
    workDir: layout.images,
    skip: async (image) => imported.includes(image),
    log,
  });
  await importImage(buildah, refs.app);
  log(`✓ imported ${refs.app}`);
  if (!imported.includes(refs.envoy)) {
    await importImage(buildah, refs.envoy);
    log(`✓ imported ${refs.envoy}`);
  }
}
