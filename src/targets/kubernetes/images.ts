/**
 * The two images a Kubernetes run deploys: the sample app (the host's `node` and the app bundled
 * into one file) and Envoy (the same binary the local target runs). `npm run cluster:images`
 * builds both into the local cluster (scripts/cluster/meshtax-images.ts); on another cluster they
 * come from the user's registry under `imagePrefix`.
 */
import { TOOL_VERSION } from '../../version.js';

/** Inside the app image: node is the entrypoint, the bundle and the proto file sit in /app. */
export const APP_IMAGE_ENTRY = '/app/server.mjs';
/** The app image's node (its entrypoint): the probe pods' reader runs it too. */
export const NODE_IN_APP_IMAGE = '/usr/local/bin/node';
export const ENVOY_IMAGE_ENTRY = '/usr/local/bin/envoy';
/** Also in the app image: `meshtax agent` bundled with the load loops, its metronome worker beside it, and the package's version. */
export const AGENT_IMAGE_ENTRY = '/meshtax/dist/agent.mjs';
export const AGENT_IMAGE_WORKER = '/meshtax/dist/metronome.worker.mjs';
export const AGENT_IMAGE_PACKAGE_JSON = '/meshtax/package.json';

export interface ImageRefs {
  readonly app: string;
  readonly envoy: string;
}

/** `localhost/` is the local cluster's prefix (images imported into its containerd, never pulled). */
export const LOCAL_IMAGE_PREFIX = 'localhost/';

export function imageRefs(prefix: string, envoyVersion: string): ImageRefs {
  return { app: `${prefix}meshtax-app:${TOOL_VERSION}`, envoy: `${prefix}meshtax-envoy:${envoyVersion}` };
}
