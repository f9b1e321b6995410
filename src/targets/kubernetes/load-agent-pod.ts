/**
 * The load agent as a pod on the profile's client node pool (issue 14): `meshtax agent` from the
 * app image, its certificate from the run's CA in a Secret, reached by the harness through
 * `kubectl port-forward` (the general way: a harness outside the cluster seldom reaches pod IPs).
 * Only specs and results cross the forward; all timing stays inside the agent, which reaches
 * each path through its Service as a client pod would.
 */
import { readFile } from 'node:fs/promises';
import type { NodePool } from '../../config/index.js';
import { EnvironmentError } from '../../errors.js';
import { connectLoadAgent, type LoadAgent } from '../../load/index.js';
import type { RunPki, WorkloadSpec } from '../../pki/index.js';
import { workloadCert } from '../../pki/index.js';
import { spawnChild, type RunContext } from '../../process/index.js';
import { TOOL_VERSION } from '../../version.js';
import { AGENT_IMAGE_ENTRY, type ImageRefs } from './images.js';
import type { Kubectl } from './kubectl.js';
import { CERT_MOUNT, certSecret, poolPlacement, type Manifest } from './manifests.js';
import { labelValue, objectName, PROFILE_LABEL, ROLE_LABEL } from './names.js';
import { waitPodReady, type ReadyPod } from './pods.js';

export const LOAD_AGENT_ROLE = 'load-agent';
export const LOAD_AGENT_PORT = 7070;
export const HARNESS_WORKLOAD = 'meshtax-harness';
/** The two ends' identities in the run's PKI (the harness's key never leaves its host). */
export const loadAgentWorkloads = (namespace: string): WorkloadSpec[] => [
  { name: LOAD_AGENT_ROLE, namespace, serviceAccount: LOAD_AGENT_ROLE },
  { name: HARNESS_WORKLOAD, namespace, serviceAccount: HARNESS_WORKLOAD },
];
const FORWARD_READY_MS = 30_000;

export interface LoadAgentPodInput {
  readonly profile: string;
  readonly kube: Kubectl;
  readonly namespace: string;
  readonly pki: RunPki;
  readonly images: ImageRefs;
  readonly imagePullPolicy: 'Never' | 'IfNotPresent' | 'Always';
  readonly readyTimeoutMs: number;
  readonly pool: NodePool | undefined;
}

export interface LoadAgentPod {
  readonly agent: LoadAgent;
  readonly pod: ReadyPod;
  readonly reachedBy: string;
}

export async function startLoadAgentPod(ctx: RunContext, input: LoadAgentPodInput): Promise<LoadAgentPod> {
  const name = objectName(input.profile, LOAD_AGENT_ROLE);
  const agentCert = workloadCert(input.pki, LOAD_AGENT_ROLE);
  const harness = workloadCert(input.pki, HARNESS_WORKLOAD);
  const ca = await readFile(input.pki.caPath, 'utf8');
  const maxLifeS = Math.ceil(ctx.maxRunMs / 1000) + 60;
  await input.kube.run(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        certSecret(input.namespace, name, { cert: await readFile(agentCert.certPath, 'utf8'), key: await readFile(agentCert.keyPath, 'utf8'), ca }),
        loadAgentManifest({ ...input, name, harnessId: harness.spiffeId, maxLifeS }),
      ],
    }),
  });
  const pod = await waitPodReady(input.kube, input.namespace, `${PROFILE_LABEL}=${labelValue(input.profile)},${ROLE_LABEL}=${LOAD_AGENT_ROLE}`, input.readyTimeoutMs, ctx.signal);
  const localPort = await portForward(ctx, input, pod.name);
  const where = `pod ${pod.name} on node ${pod.node}`;
  const agent = await connectLoadAgent(ctx, {
    host: '127.0.0.1',
    port: localPort,
    tls: { cert: await readFile(harness.certPath, 'utf8'), key: await readFile(harness.keyPath, 'utf8'), ca, peerId: agentCert.spiffeId },
    toolVersion: TOOL_VERSION,
    where,
  });
  return { agent, pod, reachedBy: `kubectl port-forward 127.0.0.1:${localPort} → ${pod.name}:${LOAD_AGENT_PORT}, mutual TLS (the run's CA; agent ${agentCert.spiffeId}, harness ${harness.spiffeId})` };
}

interface ManifestInput extends LoadAgentPodInput {
  readonly name: string;
  readonly harnessId: string;
  readonly maxLifeS: number;
}

/**
 * A small CPU request and no limit (Burstable): BestEffort would give the agent the kernel's
 * lowest CPU weight, so under contention its schedule would lag behind the pods it measures
 * (seen here: a median schedule-lag p99 of 19 ms under full CPU pressure), while a limit would
 * throttle it mid-trial. 100m fits beside canary-90-10's six 300m containers on a 2-CPU node.
 */
export const LOAD_AGENT_RESOURCES = { requests: { cpu: '100m', memory: '64Mi' } } as const;

/** One pod (a Deployment, as the others): `meshtax agent` from the app image on the client pool. */
export function loadAgentManifest(input: ManifestInput): Manifest {
  const labels = { [PROFILE_LABEL]: labelValue(input.profile), [ROLE_LABEL]: LOAD_AGENT_ROLE, app: LOAD_AGENT_ROLE };
  const args = [AGENT_IMAGE_ENTRY, '--listen', `0.0.0.0:${LOAD_AGENT_PORT}`, '--cert', `${CERT_MOUNT}/cert.pem`, '--key', `${CERT_MOUNT}/key.pem`, '--ca', `${CERT_MOUNT}/ca.pem`, '--peer-id', input.harnessId, '--max-life-s', String(input.maxLifeS)];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'agent',
              image: input.images.app,
              imagePullPolicy: input.imagePullPolicy,
              args,
              ports: [{ name: 'agent', containerPort: LOAD_AGENT_PORT }],
              resources: LOAD_AGENT_RESOURCES,
              readinessProbe: { tcpSocket: { port: LOAD_AGENT_PORT }, periodSeconds: 1 },
              volumeMounts: [{ name: 'certs', mountPath: CERT_MOUNT, readOnly: true }],
            },
          ],
          volumes: [{ name: 'certs', secret: { secretName: input.name, defaultMode: 0o400 } }],
          ...poolPlacement(input.pool),
          terminationGracePeriodSeconds: 2,
          enableServiceLinks: false,
          automountServiceAccountToken: false,
        },
      },
    },
  };
}

/** `kubectl port-forward` to the agent pod, on a free local port; a child of the run (its death aborts the run). */
async function portForward(ctx: RunContext, input: LoadAgentPodInput, pod: string): Promise<number> {
  const kube = input.kube;
  const args = [...(kube.kubeconfig ? ['--kubeconfig', kube.kubeconfig] : []), ...(kube.context ? ['--context', kube.context] : []), '-n', input.namespace, 'port-forward', '--address', '127.0.0.1', `pod/${pod}`, `:${LOAD_AGENT_PORT}`];
  const child = spawnChild(ctx, { name: `kubectl port-forward to the load agent (${pod})`, file: kube.binary, args });
  try {
    return await child.waitForLine((line) => {
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(line)?.[1];
      return port === undefined ? undefined : Number(port);
    }, 'its "Forwarding from" line', FORWARD_READY_MS);
  } catch (error) {
    throw new EnvironmentError(`kubectl port-forward to the load-agent pod ${pod} did not start: ${(error as Error).message.split('\n')[0]}`, 'The harness reaches the load agent through the API server (pods/portforward): does the kubeconfig allow it?');
  }
}
