/**
 * Images without a registry: buildah builds them FROM scratch (vfs storage of its own, under
 * .meshtax/cluster/buildah), writes a docker-archive, and `ctr import` puts it into the cluster's
 * containerd (namespace k8s.io, where the kubelet looks). Pods use them with imagePullPolicy: Never.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findBuildah, stageBinaryImage, type Buildah } from '../../src/targets/kubernetes/image-build.js';
import { NODE_IN_APP_IMAGE } from '../../src/targets/kubernetes/images.js';
import { run } from './exec.js';
import { layout, PAUSE_IMAGE } from './layout.js';

const GO = process.env.GO ?? '/usr/local/go/bin/go';
export { lddLibraries } from '../../src/targets/kubernetes/image-build.js';

/** buildah with the cluster's own storage (vfs, under .meshtax/cluster/buildah), as `meshtax image build --storage` uses it. */
export const clusterBuildah = (): Promise<Buildah> => findBuildah({ dir: layout.buildah });
const ctr = (args: readonly string[]) => ['--address', layout.containerdSocket, '--namespace', 'k8s.io', ...args];

export async function importedImages(): Promise<string[]> {
  return (await run('ctr', ctr(['images', 'ls', '-q']), { timeoutMs: 30_000 })).split('\n').filter(Boolean);
}

/** Builds `image` from a context folder holding a Containerfile, and imports it into the cluster's containerd. */
export async function buildAndImport(image: string, contextDir: string): Promise<void> {
  const buildah = await clusterBuildah();
  await buildah.run(['bud', '--quiet', '-f', path.join(contextDir, 'Containerfile'), '-t', image, contextDir], 300_000);
  await importImage(buildah, image);
}

/** An image buildah holds, into the cluster's containerd (through a docker-archive). */
export async function importImage(buildah: Buildah, image: string): Promise<void> {
  const archive = path.join(layout.images, `${image.replace(/[^a-z0-9.-]+/gi, '_')}.tar`);
  await rm(archive, { force: true });
  await buildah.run(['push', '--quiet', image, `docker-archive:${archive}:${image}`], 300_000);
  await run('ctr', ctr(['images', 'import', archive]), { timeoutMs: 300_000 });
  await rm(archive, { force: true });
}

/**
 * The sandbox ("pause") process: sleeps until told to stop, reaping any zombie handed to it.
 * A static Go binary (CGO off), so the image needs nothing else.
 */
const PAUSE_SOURCE = `package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range signals {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
`;

export async function ensurePauseImage(log: (line: string) => void): Promise<void> {
  if ((await importedImages()).includes(PAUSE_IMAGE)) return log(`✓ pause image ${PAUSE_IMAGE}`);
  const dir = path.join(layout.images, 'pause');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'go.mod'), 'module meshtax.local/pause\n\ngo 1.22\n');
  await writeFile(path.join(dir, 'main.go'), PAUSE_SOURCE);
  await run(GO, ['build', '-trimpath', '-ldflags', '-s -w', '-o', 'pause', '.'], { cwd: dir, env: { CGO_ENABLED: '0', GOFLAGS: '-mod=mod -buildvcs=false' }, timeoutMs: 300_000 });
  await writeFile(path.join(dir, 'Containerfile'), 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n');
  await buildAndImport(PAUSE_IMAGE, dir);
  log(`✓ built and imported ${PAUSE_IMAGE}`);
}

/**
 * An image with the host's own `node` and the libraries it links (no registry, no base image),
 * plus `files` (image path → content) — for the sample app and load agent on the cluster.
 */
export async function buildNodeImage(image: string, files: Record<string, string>): Promise<void> {
  const dir = path.join(layout.images, image.replace(/[^a-z0-9.-]+/gi, '_'));
  await stageBinaryImage(dir, process.execPath, NODE_IN_APP_IMAGE, files);
  await buildAndImport(image, dir);
}
