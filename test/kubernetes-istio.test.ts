/**
 * `--target kubernetes` with Istio present (issue 14), on the local cluster (docs/KUBERNETES.md):
 * Istio's real CRDs, installed from the istio.io/api Go module by `npm run cluster:istio-crds`,
 * and an istiod STAND-IN — a Service named istiod in istio-system with no pod behind it. There is
 * no real istiod here, so no webhook injects: these tests cover everything up to injection
 * (detection, the Istio YAML applied and read back, the injection labels) and the refusal to
 * measure when injection did not happen. What only a cluster with istiod can show is in the README.
 *
 * Runs when the cluster's binaries are built (`npm run cluster:build`); root only. The cluster is
 * the one all Kubernetes files share (test/testing/kubernetes-cluster.ts): this file removes the
 * Istio CRDs and istio-system before and after it. Under the machine lock, like every e2e test:
 *   flock /tmp/meshtax-machine.lock npx vitest run test/kubernetes-istio.test.ts
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectl } from '../scripts/cluster/kubectl.js';
import { EnvironmentError } from '../src/errors.js';
import { projectRoot } from '../src/paths.js';
import { RunContext } from '../src/process/index.js';
import { loadScenario } from '../src/scenario/index.js';
import { decideSidecarMode, findIstio, ISTIO_CRDS } from '../src/targets/kubernetes/istio-detect.js';
import { openKubectl } from '../src/targets/kubernetes/kubectl.js';
import { runNamespace } from '../src/targets/kubernetes/names.js';
import { kubernetesTarget } from '../src/targets/index.js';
import { FAST_CONFIG, meshtax, onlyRecord, tempResultsDir } from './testing/cli.js';
import { clusterScript, kubernetesCluster, managedNamespaces } from './testing/kubernetes-cluster.js';

const cluster = kubernetesCluster('test/kubernetes-istio.test.ts');
const detect = async () => {
  const findings = await findIstio(await openKubectl({}));
  return { findings, decision: decideSidecarMode('auto', findings) };
};
async function removeIstio(): Promise<void> {
  await kubectl(['delete', 'namespace', 'istio-system', '--ignore-not-found', '--wait=true'], { timeoutMs: 120_000 });
  if (!/\.istio\.io$/m.test(await kubectl(['get', 'crds', '-o', 'name']))) return;
  const removed = await clusterScript('istio-crds', '--remove');
  if (removed.exitCode !== 0) throw new Error(`cluster:istio-crds --remove failed:\n${removed.all}`);
}
const ISTIOD_STAND_IN = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { ports: [{ name: 'grpc-xds', port: 15012 }] } };

/** kubectl's answers, read in assertions only. */
type Json = Record<string, any>;

describe.skipIf(!cluster.usable)('--target kubernetes with Istio present: Istio\'s CRDs from istio.io/api and an istiod stand-in (a Service, no real istiod, so nothing injects)', () => {
  let namespacesBefore: string[] = [];

  // The cluster is shared: start without Istio whatever an earlier file or run left, and leave none.
  beforeAll(async () => {
    await removeIstio();
    namespacesBefore = await managedNamespaces();
  }, 400_000);

  afterAll(removeIstio, 300_000);

  it("chooses meshtax's own Envoy when Istio's CRDs are absent", async () => {
    const { findings, decision } = await detect();
    expect(findings.crdsMissing).toEqual([...ISTIO_CRDS]);
    expect(findings.istiod).toEqual([]);
    expect(decision.mode).toBe('meshtax-envoy');
  });

  it("installs Istio's CRDs from istio.io/api (twice: idempotent); CRDs without istiod are still not Istio", async () => {
    for (let i = 0; i < 2; i++) {
      const install = await clusterScript('istio-crds');
      expect(install.exitCode, install.all).toBe(0);
    }
    const served = await kubectl(['api-resources', '--api-group', 'networking.istio.io', '-o', 'name']);
    expect(served).toMatch(/destinationrules\.networking\.istio\.io/);
    const { findings, decision } = await detect();
    expect(findings.crdsMissing).toEqual([]);
    expect(decision.mode).toBe('meshtax-envoy');
    expect(decision.reason).toMatch(/no istiod/);
  }, 240_000);

  it('chooses Istio with the CRDs and an istiod stand-in (a Service named istiod in istio-system, no pod behind it)', async () => {
    await kubectl(['create', 'namespace', 'istio-system']);
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify(ISTIOD_STAND_IN) });
    const { findings, decision } = await detect();
    expect(findings.istiod).toEqual(['Service istio-system/istiod']);
    expect(findings.injectors).toEqual([]);
    expect(decision.mode).toBe('istio');
    expect(decision.injectionLabel).toEqual({ key: 'sidecar.istio.io/inject', value: 'true' });
  });

  it("applies canary-90-10's Istio YAML in the run namespace as written, labels the mesh pods only for injection, and refuses (exit 3) because no webhook injected; the namespace is deleted", async () => {
    const loaded = await loadScenario('canary-90-10', path.join(projectRoot, 'scenarios'));
    const ctx = new RunContext(`istio-test-${process.pid}`, 300_000);
    const namespace = runNamespace(ctx.runId);
    const run = await kubernetesTarget().open(ctx);
    let failures: string[] = [];
    try {
      const refused = await run.deployProfile({ profile: 'dedicated', definition: { kind: 'dedicated' }, loaded, envoyBinary: '' }).then(() => undefined, (e: unknown) => e);
      expect(refused).toBeInstanceOf(EnvironmentError);
      expect((refused as EnvironmentError).exitCode).toBe(3);
      expect((refused as EnvironmentError).message).toMatch(/did not inject its proxy \(no istio-proxy container\) into the mesh pod\(s\) dedicated-server-v1-.*dedicated-server-v2-/);
      expect((refused as EnvironmentError).hint).toMatch(/istiod is running[\s\S]*sidecar-injector webhook[\s\S]*revision label/);

      // The namespace itself is not labelled for injection: baseline pods must stay without a sidecar.
      const ns = JSON.parse(await kubectl(['get', 'namespace', namespace, '-o', 'json'])) as Json;
      expect(Object.keys(ns.metadata.labels)).not.toContain('istio-injection');
      expect(Object.keys(ns.metadata.labels)).not.toContain('istio.io/rev');

      // The Istio resources, read back from the API server, carry the spec exactly as the file has it.
      const written = parseAllDocuments(await readFile(path.join(projectRoot, 'scenarios', 'canary-90-10.istio.yaml'), 'utf8')).map((d) => d.toJS() as Json);
      const applied = JSON.parse(await kubectl(['get', 'peerauthentications.security.istio.io,destinationrules.networking.istio.io,virtualservices.networking.istio.io', '-n', namespace, '-o', 'json'])) as Json;
      const byKind = (items: Json[]) => Object.fromEntries(items.map((r) => [`${r.kind} ${r.metadata.name}`, r.spec]));
      expect(byKind(applied.items)).toEqual(byKind(written));

      const pods = (JSON.parse(await kubectl(['get', 'pods', '-n', namespace, '-o', 'json'])) as Json).items as Json[];
      const injectLabel = (role: string) => pods.filter((p) => p.metadata.labels['meshtax.io/role'] === role).map((p) => p.metadata.labels['sidecar.istio.io/inject']);
      expect(injectLabel('server')).toEqual(['true', 'true']);
      expect(injectLabel('baseline')).toEqual(['false']);
      expect(pods.filter((p) => p.metadata.labels['meshtax.io/role'] === 'server').map((p) => p.spec.serviceAccountName)).toEqual(['sample-api', 'sample-api']);
      expect(pods.flatMap((p) => [...p.spec.containers, ...(p.spec.initContainers ?? [])].map((c: Json) => c.name))).not.toContain('istio-proxy');

      const k = run.describe!().kubernetes!;
      expect(k.sidecarMode).toBe('istio');
      expect(k.sidecarDetection).toMatchObject({ requested: 'auto', crdsMissing: [], istiod: ['Service istio-system/istiod'], injectionLabel: 'sidecar.istio.io/inject=true' });
      expect(k.istio!.resourcesApplied).toEqual([`PeerAuthentication ${namespace}/default`, `DestinationRule ${namespace}/sample-api`, `VirtualService ${namespace}/sample-api`]);
      expect(k.istio!.injection.map((i) => [i.role, i.istioProxy]).sort()).toEqual([['server v1', false], ['server v2', false]]);
    } finally {
      failures = await ctx.unwind(150_000);
    }
    expect(failures).toEqual([]);
    expect((await kubectl(['get', 'namespace', namespace, '--ignore-not-found', '-o', 'name'])).trim()).toBe('');
  }, 300_000);

  it('bench --scenario mtls-strict --target kubernetes: exit 3 with what to check, the record states Istio mode and what was found, no namespace left', async () => {
    const results = await tempResultsDir();
    const run = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--quick', '--config', FAST_CONFIG, '--results-dir', results], { timeoutMs: 300_000 });
    expect(run.exitCode, run.all).toBe(3);
    expect(run.all).toMatch(/did not inject its proxy/);
    expect(run.all).toMatch(/istiod is running/);
    const record = await onlyRecord(results);
    expect(record.state).toBe('partial');
    expect(record.target?.kubernetes?.sidecarMode).toBe('istio');
    expect(record.target?.kubernetes?.sidecarDetection?.reason).toMatch(/^Istio found: CRDs .*Service istio-system\/istiod/);
    expect(record.target?.kubernetes?.istio?.resourcesApplied).toHaveLength(1);
    expect(record.cleanup.failures).toEqual([]);
    expect(await managedNamespaces()).toEqual(namespacesBefore);

    // Forced to meshtax's own Envoy, the same cluster is not taken for Istio; the record says it was asked for.
    const forcedResults = await tempResultsDir();
    const forced = await meshtax(['bench', '--scenario', 'mtls-strict', '--target', 'kubernetes', '--sidecars', 'meshtax', '--quick', '--config', FAST_CONFIG, '--results-dir', forcedResults], { timeoutMs: 300_000 });
    expect([0, 1, 3], forced.all).toContain(forced.exitCode);
    const forcedRecord = await onlyRecord(forcedResults);
    expect(forcedRecord.target?.kubernetes?.sidecarMode).toBe('meshtax-envoy');
    expect(forcedRecord.target?.kubernetes?.sidecarDetection).toMatchObject({ requested: 'meshtax', istiod: ['Service istio-system/istiod'], injectionLabel: null });
    expect(forcedRecord.target?.kubernetes?.istio).toBeUndefined();
    expect(await managedNamespaces()).toEqual(namespacesBefore);
  }, 400_000);
});
