/**
 * `meshtax image build`: the app/load image and the Envoy image a `--target kubernetes` run deploys,
 * built with buildah from what the package contains (targets/kubernetes/image-build.ts), tagged
 * under `--image-prefix`, and with `--push` pushed to that registry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BadInputError, ExitCode } from '../errors.js';
import { ensureEnvoy, PINNED_ENVOY_VERSION } from '../sidecar/index.js';
import { buildMeshtaxImages, findBuildah, LOCAL_IMAGE_PREFIX, pushImages } from '../targets/index.js';
import { runCommand, text, type CommandSpec, type Values } from './command-spec.js';
import { processIo, type CommandIo } from './io.js';

export const imageSpec: CommandSpec = {
  name: 'image',
  summary: 'build (and push) the images --target kubernetes deploys: meshtax-app (the app and load agent) and meshtax-envoy',
  arguments: '<action>',
  options: [
    { flags: '--image-prefix <prefix>', description: `registry and path the tags start with, ending in "/", e.g. registry.example.com/team/ (default ${LOCAL_IMAGE_PREFIX}: the local cluster's)` },
    { flags: '--push', description: 'push both images to the registry of --image-prefix (buildah push) after building them' },
    { flags: '--tls-verify <bool>', description: 'false: push to a registry without TLS (a test registry on loopback)', defaultValue: 'true' },
    { flags: '--storage <dir>', description: "a buildah storage folder of meshtax's own (vfs) instead of buildah's default one" },
  ],
  details: `Action: build. The images are built FROM scratch (no base image, nothing pulled): meshtax-app
holds this machine's node and its libraries and the sample app bundled into one file;
meshtax-envoy holds the Envoy binary meshtax runs locally, with its libraries (Linux, this
machine's architecture). Then set targets.kubernetes.imagePrefix in bench.config.ts (or pass
--image-prefix to bench) and imagePullPolicy: IfNotPresent (the default for a prefix other than
${LOCAL_IMAGE_PREFIX}) or Never when the images are already on every node.
Exit codes: 0 built (and pushed), 2 bad usage, 3 buildah missing or a build or push failed.`,
};

export function imageCommand(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  return runCommand(imageSpec, argv, (values, [action]) => {
    if (action !== 'build') throw new BadInputError(`meshtax image: the action is "build", got "${action}".`, 'meshtax image build --image-prefix registry.example.com/team/ [--push]');
    return buildImages(values, io);
  }, io.stdout);
}

function prefixOf(values: Values): string {
  const prefix = text(values['image-prefix']) ?? LOCAL_IMAGE_PREFIX;
  if (!prefix.endsWith('/')) throw new BadInputError(`--image-prefix must end in "/" (the tags are <prefix>meshtax-app:…), got "${prefix}".`, `e.g. --image-prefix ${prefix}/`);
  if (!/^[a-z0-9]([a-z0-9._:-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*\/$/.test(prefix)) throw new BadInputError(`--image-prefix "${prefix}" is not a registry path (lower-case host[:port] and path parts).`);
  return prefix;
}

async function buildImages(values: Values, io: CommandIo): Promise<number> {
  const prefix = prefixOf(values);
  const push = values.push === true;
  const tlsVerify = text(values['tls-verify']) ?? 'true';
  if (tlsVerify !== 'true' && tlsVerify !== 'false') throw new BadInputError(`--tls-verify must be true or false, got "${tlsVerify}".`);
  if (push && prefix === LOCAL_IMAGE_PREFIX) throw new BadInputError(`--push needs a registry in --image-prefix (${LOCAL_IMAGE_PREFIX} is the local cluster's, which takes its images by import: npm run cluster:images).`);
  const log = (line: string) => io.stdout(`${line}\n`);
  const buildah = await findBuildah({ dir: text(values.storage) });
  const envoy = await ensureEnvoy(log);
  const workDir = await mkdtemp(path.join(tmpdir(), 'meshtax-image-'));
  try {
    const refs = await buildMeshtaxImages({ buildah, prefix, envoy: { path: envoy.path, version: PINNED_ENVOY_VERSION }, workDir, log });
    if (push) await pushImages(buildah, [refs.app, refs.envoy], { tlsVerify: tlsVerify === 'true', log });
    log(`\nimages: ${refs.app} ${refs.envoy}${push ? ' (pushed)' : ` (in buildah's storage${text(values.storage) ? ` at ${text(values.storage)}` : ''}; --push to send them to the registry)`}`);
    log(`bench.config.ts: targets: { kubernetes: { imagePrefix: '${prefix}' } }`);
    return ExitCode.ok;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
