/**
 * Istio's CRDs in the local cluster (issue 14, Istio mode): taken from the Istio Go module's own
 * manifests (`istio.io/api`, kubernetes/customresourcedefinitions.gen.yaml) through the Go module
 * proxy, kept under .meshtax/cluster/istio, applied server-side (the CRDs are too large for a
 * client-side apply's annotation). Idempotent: the file is fetched once, applying twice changes
 * nothing. No istiod: nothing here injects sidecars.
 */
import { copyFile, mkdir, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ISTIO_CRDS } from '../../src/targets/kubernetes/istio-detect.js';
import { run } from './exec.js';
import { kubectl } from './kubectl.js';
import { layout } from './layout.js';

/** The istio.io/api release the CRDs come from (Istio 1.32's API). */
export const ISTIO_API_VERSION = 'v1.32.0';
const MODULE = 'istio.io/api';
const CRD_FILE_IN_MODULE = 'kubernetes/customresourcedefinitions.gen.yaml';
const GO = process.env.GO ?? '/usr/local/go/bin/go';

export const istioCrdFile = path.join(layout.root, 'istio', `customresourcedefinitions-${ISTIO_API_VERSION}.yaml`);

const exists = (file: string) => access(file).then(() => true, () => false);

/** Downloads the module (once; the Go module cache keeps it) and copies its CRD file under .meshtax/cluster/istio. */
export async function fetchIstioCrds(log: (line: string) => void): Promise<string> {
  if (await exists(istioCrdFile)) {
    log(`✓ Istio CRDs ${ISTIO_API_VERSION} already fetched (${path.relative(process.cwd(), istioCrdFile)})`);
    return istioCrdFile;
  }
  const answer = await run('nice', ['-n', '19', GO, 'mod', 'download', '-json', `${MODULE}@${ISTIO_API_VERSION}`], {
    cwd: tmpdir(),
    env: { ...(process.env as Record<string, string>), GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
    timeoutMs: 300_000,
  });
  const { Dir } = z.object({ Dir: z.string() }).parse(JSON.parse(answer));
  await mkdir(path.dirname(istioCrdFile), { recursive: true });
  await copyFile(path.join(Dir, CRD_FILE_IN_MODULE), istioCrdFile);
  log(`✓ fetched Istio CRDs from ${MODULE}@${ISTIO_API_VERSION}`);
  return istioCrdFile;
}

/** Applies them to the running local cluster and waits until the API server serves them. */
export async function installIstioCrds(log: (line: string) => void): Promise<void> {
  const file = await fetchIstioCrds(log);
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', file], { timeoutMs: 120_000 });
  await kubectl(['wait', '--for', 'condition=Established', '--timeout=60s', ...ISTIO_CRDS.map((c) => `crd/${c}`)], { timeoutMs: 70_000 });
  log(`✓ Istio CRDs ${ISTIO_API_VERSION} installed (no istiod: nothing injects sidecars)`);
}

export async function removeIstioCrds(log: (line: string) => void): Promise<void> {
  const file = await fetchIstioCrds(log);
  await kubectl(['delete', '-f', file, '--ignore-not-found', '--wait=true'], { timeoutMs: 120_000 });
  log('✓ Istio CRDs removed');
}
