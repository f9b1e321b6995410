/**
 * Building the two images a Kubernetes run deploys, from what the package contains (issue 14):
 * the app/load image — the host's `node`, the libraries it links, and the sample app bundled by
 * esbuild into one file beside its proto — and the Envoy image — the Envoy binary the local target
 * runs, with its libraries. Both FROM scratch with buildah (no base image, nothing pulled), tagged
 * `<prefix>meshtax-app:<tool version>` and `<prefix>meshtax-envoy:<Envoy version>` (images.ts).
 * `meshtax image build` and the local cluster's `npm run cluster:images` both build through here.
 */
import { access, copyFile, cp, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../../errors.js';
import { projectRoot } from '../../paths.js';
import { onPath } from '../../process/executables.js';
import { TOOL_VERSION } from '../../version.js';
import { AGENT_IMAGE_ENTRY, AGENT_IMAGE_PACKAGE_JSON, AGENT_IMAGE_WORKER, APP_IMAGE_ENTRY, ENVOY_IMAGE_ENTRY, NODE_IN_APP_IMAGE, imageRefs, type ImageRefs } from './images.js';

const BUILD_TIMEOUT_MS = 600_000;
const BUILDAH_INSTALL_HINT = 'Install buildah (Debian/Ubuntu: `apt-get install buildah`; Fedora/RHEL: `dnf install buildah`; see https://github.com/containers/buildah/blob/main/install.md), then run this again.';

/** buildah's storage: its default (the user's), or a folder of its own (vfs: works anywhere, root or not). */
export interface BuildahStorage {
  readonly dir?: string | undefined;
}

export interface Buildah {
  readonly binary: string;
  run(args: readonly string[], timeoutMs?: number): Promise<string>;
}

/** buildah on PATH (or $BUILDAH), with the given storage; an EnvironmentError saying how to install it when missing. */
export async function findBuildah(storage: BuildahStorage = {}): Promise<Buildah> {
  const given = process.env.BUILDAH;
  const binary = given !== undefined ? ((await exists(given)) ? given : undefined) : await onPath('buildah', process.env);
  if (binary === undefined) {
    const why = given !== undefined ? `BUILDAH=${given} does not exist` : 'not on PATH';
    throw new EnvironmentError(`buildah was not found (${why}): \`meshtax image build\` builds the images with it.`, BUILDAH_INSTALL_HINT);
  }
  const store = storage.dir ? ['--root', path.join(storage.dir, 'root'), '--runroot', path.join(storage.dir, 'run'), '--storage-driver', 'vfs'] : [];
  return {
    binary,
    async run(args, timeoutMs = BUILD_TIMEOUT_MS) {
      const result = await execa(binary, [...store, ...args], { reject: false, timeout: timeoutMs, forceKillAfterDelay: 5_000, cleanup: true, stdin: 'ignore' });
      if (result.failed) {
        const why = result.timedOut ? `timed out after ${timeoutMs / 1000} s` : String(result.stderr).trim().split('\n').slice(-8).join('\n') || `exit code ${result.exitCode}`;
        throw new EnvironmentError(`\`buildah ${args.join(' ')}\` failed: ${why}`, 'See buildah\'s message above; `buildah info` shows its storage and whether it can run here.');
      }
      return String(result.stdout);
    },
  };
}

/** The shared libraries a dynamically linked binary loads (from `ldd`), as absolute paths. */
export function lddLibraries(lddOutput: string): string[] {
  return [...lddOutput.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
}

/**
 * Stages an image FROM scratch in `dir`: one dynamically linked `binary` at `entrypoint`, the
 * libraries `ldd` lists, and `files` (image path → content); writes its Containerfile.
 */
export async function stageBinaryImage(dir: string, binary: string, entrypoint: string, files: Record<string, string>): Promise<void> {
  const rootfs = path.join(dir, 'rootfs');
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(rootfs, path.dirname(entrypoint).slice(1)), { recursive: true });
  await mkdir(path.join(rootfs, 'tmp'), { recursive: true });
  const real = await realpath(binary);
  await copyFile(real, path.join(rootfs, entrypoint.slice(1)));
  const ldd = await execa('ldd', [real], { timeout: 10_000, reject: false });
  for (const lib of lddLibraries(String(ldd.stdout))) {
    await mkdir(path.join(rootfs, path.dirname(lib)), { recursive: true });
    await cp(await realpath(lib), path.join(rootfs, lib));
  }
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.join(rootfs, path.dirname(file)), { recursive: true });
    await writeFile(path.join(rootfs, file), content);
  }
  await writeFile(path.join(dir, 'Containerfile'), `FROM scratch\nCOPY rootfs/ /\nENTRYPOINT ["${entrypoint}"]\n`);
}

/** `buildah bud` of a staged folder (its Containerfile), tagged `image`. */
export async function buildStaged(buildah: Buildah, image: string, dir: string): Promise<void> {
  await buildah.run(['bud', '--quiet', '-f', path.join(dir, 'Containerfile'), '-t', image, dir]);
}

/** esbuild (tsx's own dependency) bundles the app: the image needs no node_modules. */
const ESBUILD = path.join(projectRoot, 'node_modules', '.bin', 'esbuild');
// grpc-js is CommonJS: in an ESM bundle its require() of Node's modules needs a real require.
const REQUIRE_BANNER = "import { createRequire as __meshtaxCreateRequire } from 'node:module'; const require = __meshtaxCreateRequire(import.meta.url);";
const exists = (file: string) => access(file).then(() => true, () => false);

/**
 * The app image's files, image path → content: the sample app bundled into one file with its proto,
 * and `meshtax agent` (the load-agent pod) with the metronome worker it starts beside it and a
 * package.json that gives its version (the hello). From the sources in a checkout, else the
 * package's compiled dist/.
 */
export async function bundleApp(outDir: string): Promise<Record<string, string>> {
  if (!(await exists(ESBUILD))) throw new EnvironmentError(`esbuild was not found at ${ESBUILD}: it bundles the sample app into the image.`, 'Install it beside meshtax: `npm install --save-dev esbuild`.');
  const source = (await exists(path.join(projectRoot, 'src/app/server.ts'))) ? 'src' : 'dist';
  const module = (file: string) => path.join(projectRoot, source, source === 'src' ? `${file}.ts` : `${file}.js`);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const app = await bundle(module('app/server'), path.join(outDir, 'server.mjs'));
  const agent = await bundle(module('cli/agent-main'), path.join(outDir, 'agent.mjs'));
  return {
    [APP_IMAGE_ENTRY]: app,
    [path.posix.join(path.posix.dirname(APP_IMAGE_ENTRY), 'sample.proto')]: await readFile(path.join(projectRoot, source, 'app', 'sample.proto'), 'utf8'),
    [AGENT_IMAGE_ENTRY]: agent,
    [AGENT_IMAGE_WORKER]: await readFile(path.join(projectRoot, source, 'load', 'metronome.worker.mjs'), 'utf8'),
    [AGENT_IMAGE_PACKAGE_JSON]: `${JSON.stringify({ name: 'meshtax', version: TOOL_VERSION, type: 'module' })}\n`,
  };
}

/** One entry bundled by esbuild into `out`; its content. */
async function bundle(entry: string, out: string): Promise<string> {
  const result = await execa(ESBUILD, [entry, '--bundle', '--platform=node', '--format=esm', '--target=node20', `--outfile=${out}`, `--banner:js=${REQUIRE_BANNER}`, '--log-level=warning'], { timeout: 120_000, reject: false, stdin: 'ignore' });
  if (result.failed) throw new EnvironmentError(`bundling ${entry} for the app image failed: ${String(result.stderr).trim().split('\n').slice(-6).join('\n')}`, "This is the package's own source: report it.");
  return readFile(out, 'utf8');
}

export interface BuildImagesInput {
  readonly buildah: Buildah;
  /** `registry.example.com/team/` (ends in `/`), or `localhost/` for the local cluster. */
  readonly prefix: string;
  readonly envoy: { readonly path: string; readonly version: string };
  /** Where the images are staged (rootfs folders), removed by the caller. */
  readonly workDir: string;
  /** Skip an image buildah already holds under its tag (the local cluster keeps Envoy's). */
  readonly skip?: (image: string) => Promise<boolean>;
  readonly log: (line: string) => void;
}

/** Builds the app/load image (always: it follows the checkout) and the Envoy image; returns their tags. */
export async function buildMeshtaxImages(input: BuildImagesInput): Promise<ImageRefs> {
  const refs = imageRefs(input.prefix, input.envoy.version);
  const appDir = path.join(input.workDir, 'meshtax-app');
  await stageBinaryImage(appDir, process.execPath, NODE_IN_APP_IMAGE, await bundleApp(path.join(input.workDir, 'meshtax-app-bundle')));
  await buildStaged(input.buildah, refs.app, appDir);
  input.log(`✓ built ${refs.app}`);
  if (await input.skip?.(refs.envoy)) {
    input.log(`✓ ${refs.envoy} (already built)`);
    return refs;
  }
  const envoyDir = path.join(input.workDir, 'meshtax-envoy');
  await stageBinaryImage(envoyDir, input.envoy.path, ENVOY_IMAGE_ENTRY, {});
  await buildStaged(input.buildah, refs.envoy, envoyDir);
  input.log(`✓ built ${refs.envoy} from ${input.envoy.path}`);
  return refs;
}

/** `buildah push` of each image to its registry (the prefix's host); a failure names the image and says what to check. */
export async function pushImages(buildah: Buildah, images: readonly string[], options: { readonly tlsVerify: boolean; readonly log: (line: string) => void }): Promise<void> {
  for (const image of images) {
    try {
      await buildah.run(['push', '--quiet', ...(options.tlsVerify ? [] : ['--tls-verify=false']), image, `docker://${image}`]);
    } catch (error) {
      throw new EnvironmentError(
        `pushing ${image} failed: ${(error as Error).message.replace(/^`[^`]*` failed: /, '')}`,
        'Is the registry in --image-prefix reachable, and are you logged in (`buildah login <registry>`)? A registry without TLS needs --no-tls-verify.',
      );
    }
    options.log(`✓ pushed ${image}`);
  }
}
