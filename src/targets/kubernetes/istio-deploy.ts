/**
 * One node profile in Istio mode: the scenario's Istio YAML applied in the run's namespace (read
 * back from the API server), the baseline pods opted out of injection, the mesh server pods opted
 * in (pod label, never the namespace label), and the check that Istio really injected its proxy
 * before anything is measured. Without injection the run stops (exit 3) and says what to check.
 *
 * Measuring through Istio's proxies (a client pod whose istio-proxy carries the load) is not built
 * yet: after a successful injection check the run stops too, and says so.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { appArgs } from '../../app/index.js';
import { EnvironmentError } from '../../errors.js';
import type { RunContext } from '../../process/index.js';
import type { KubeDeployInput } from './deploy.js';
import type { SidecarDecision } from './istio-detect.js';
import { ISTIO_PROXY, istioResourcesForRun, NO_INJECTION, podsWithoutIstioProxy, withPodLabel, workloadService, workloadServiceAccount } from './istio-mode.js';
import type { Kubectl } from './kubectl.js';
import { APP_PORT, deploymentManifest, list, type Manifest, type PodRole } from './manifests.js';
import { labelValue, objectName, PROFILE_LABEL, ROLE_LABEL } from './names.js';
import { waitPodReady } from './pods.js';

/** What the no-Istio deploy takes, less its keys folder, pod resources, probes and load agent (Istio mode measures nothing yet), plus the sidecar decision. */
export type IstioDeployInput = Omit<KubeDeployInput, 'runDir' | 'resources' | 'loadAgent' | 'probeAccess'> & { readonly decision: SidecarDecision };

/** What Istio mode did, for the record (filled in as it happens, so a refusal still reports it). */
export interface IstioProgress {
  resourcesApplied: string[];
  notes: string[];
  injection: { profile: string; pod: string; role: string; istioProxy: boolean }[];
}

/** How long the mesh pods may take to be created (injection happens at creation, before any image is pulled). */
const POD_CREATION_TIMEOUT_MS = 60_000;

const PodListSchema = z.object({
  items: z.array(
    z.object({
      metadata: z.object({ name: z.string(), labels: z.record(z.string(), z.string()).optional(), deletionTimestamp: z.string().optional() }),
      spec: z.object({ containers: z.array(z.object({ name: z.string() })).optional(), initContainers: z.array(z.object({ name: z.string() })).optional() }),
    }),
  ),
});

const ReadBackSchema = z.object({ items: z.array(z.object({ kind: z.string(), metadata: z.object({ name: z.string(), namespace: z.string().optional() }) })) });

export async function deployIstioProfile(ctx: RunContext, input: IstioDeployInput, progress: IstioProgress): Promise<never> {
  const { scenario } = input.loaded;
  const w = scenario.workload;
  const ns = input.namespace;
  const label = input.decision.injectionLabel ?? { key: 'sidecar.istio.io/inject', value: 'true' };

  const istio = istioResourcesForRun(input.loaded.istioYaml, input.loaded.file, ns, w.namespace);
  await input.kube.run(['apply', '-f', '-'], { input: JSON.stringify(list(istio.manifests)) });
  const readBack = ReadBackSchema.parse(JSON.parse(await input.kube.run(['get', '-f', '-', '-o', 'json'], { input: JSON.stringify(list(istio.manifests)) })));
  progress.resourcesApplied.push(...readBack.items.map((r) => `${r.kind} ${r.metadata.namespace ?? ns}/${r.metadata.name}`));
  progress.notes.push(...istio.notes);

  const grpc = w.protocol === 'grpc';
  const flags = (version: string) => appArgs({ version, httpPort: grpc ? 0 : APP_PORT, grpcPort: grpc ? APP_PORT : null, payloadBytes: w.payloadBytes, cpuWorkUs: w.cpuWorkUs, host: '0.0.0.0' });
  const name = (...parts: string[]) => objectName(input.profile, ...parts);
  const common = { namespace: ns, profile: input.profile, images: input.images, imagePullPolicy: input.imagePullPolicy, pool: input.pools?.server };
  const labelsFor = (role: PodRole, version: string) => ({ app: labelValue(w.serviceName), version: labelValue(version), [ROLE_LABEL]: role });
  const baselineVersion = w.versions[0]!;
  const objects: Manifest[] = [
    workloadServiceAccount(ns, w.serviceName),
    workloadService(ns, w.serviceName, w.protocol, { app: labelValue(w.serviceName), [ROLE_LABEL]: 'server' }),
    withPodLabel(deploymentManifest({ ...common, name: name('baseline'), role: 'baseline', labels: labelsFor('baseline', baselineVersion), appArgs: flags(baselineVersion) }), NO_INJECTION),
    ...w.versions.map((v) => withPodLabel(deploymentManifest({ ...common, name: name('server', v), role: 'server', labels: labelsFor('server', v), appArgs: flags(v) }), label, w.serviceName)),
  ];
  await input.kube.run(['apply', '-f', '-'], { input: JSON.stringify(list(objects)) });

  const selector = `${ROLE_LABEL}=server,${PROFILE_LABEL}=${labelValue(input.profile)}`;
  const pods = await meshPodsCreated(input.kube, ns, selector, w.versions.length, ctx.signal);
  const missing = podsWithoutIstioProxy(pods);
  for (const pod of pods) progress.injection.push({ profile: input.profile, pod: pod.metadata.name, role: `server ${pod.metadata.labels?.version ?? ''}`.trim(), istioProxy: !missing.includes(pod.metadata.name) });
  if (missing.length > 0) {
    throw new EnvironmentError(
      `Istio did not inject its proxy (no ${ISTIO_PROXY} container) into the mesh pod(s) ${missing.join(', ')} in ${ns}, labelled ${label.key}=${label.value}; measuring them would measure no mesh at all.`,
      `Check that istiod is running (\`kubectl get pods -n istio-system\`), that its sidecar-injector webhook exists and selects pods by that label (\`kubectl get mutatingwebhookconfigurations\`), and, on a cluster with Istio revisions, that the revision label is right (istio.io/rev=<revision>). Or measure with meshtax's own Envoy: targets.kubernetes.sidecars: 'meshtax' (--sidecars meshtax).`,
    );
  }
  for (const v of w.versions) await waitPodReady(input.kube, ns, `${selector},version=${labelValue(v)}`, input.readyTimeoutMs, ctx.signal);
  throw new EnvironmentError(
    `Istio injected its proxy into every mesh pod (${pods.map((p) => p.metadata.name).join(', ')}), but measuring through Istio's proxies is not built yet (no client pod whose istio-proxy carries the load).`,
    "Measure with meshtax's own Envoy on this cluster for now: targets.kubernetes.sidecars: 'meshtax' (--sidecars meshtax).",
  );
}

type MeshPod = z.infer<typeof PodListSchema>['items'][number];

/** The mesh pods, once the Deployments' ReplicaSets created them (a failing injection webhook can block creation). */
async function meshPodsCreated(kube: Kubectl, namespace: string, selector: string, expected: number, signal: AbortSignal): Promise<MeshPod[]> {
  const deadline = Date.now() + POD_CREATION_TIMEOUT_MS;
  for (;;) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
    const pods = PodListSchema.parse(await kube.json(['get', 'pods', '-n', namespace, '-l', selector])).items.filter((p) => !p.metadata.deletionTimestamp);
    if (pods.length >= expected) return pods;
    if (Date.now() > deadline) {
      throw new EnvironmentError(
        `only ${pods.length} of ${expected} mesh pod(s) were created in ${namespace} within ${POD_CREATION_TIMEOUT_MS / 1000} s.`,
        'A sidecar-injector webhook that fails (istiod down, failurePolicy Fail) blocks pod creation: see `kubectl describe replicaset -n <namespace>` while the run waits.',
      );
    }
    await sleep(300);
  }
}
