import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import { deploymentManifest } from './manifests.js';
import { istioResourcesForRun, NO_INJECTION, podsWithoutIstioProxy, withPodLabel, workloadService } from './istio-mode.js';

const CANARY = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: default
spec:
  mtls:
    mode: STRICT
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: sample-api
spec:
  hosts: [sample-api]
  http:
    - route:
        - destination: { host: sample-api, subset: v1 }
          weight: 90
        - destination: { host: sample-api, subset: v2 }
          weight: 10
`;

type Doc = { metadata: { namespace?: string; name: string }; spec: unknown };
const images = { app: 'localhost/meshtax-app:0.1.0', envoy: 'localhost/meshtax-envoy:1.36.4' };
const server = deploymentManifest({ namespace: 'ns', name: 'dedicated-server-v1', profile: 'dedicated', role: 'server', labels: { app: 'sample-api', version: 'v1' }, images, imagePullPolicy: 'Never', appArgs: ['--version', 'v1'] });
type PodTemplate = { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName?: string } } } };

describe("Istio mode's objects", () => {
  it("moves every Istio resource into the run's namespace and leaves its spec exactly as written", () => {
    const run = istioResourcesForRun(CANARY, 'canary.istio.yaml', 'meshtax-run-1', 'default');
    const written = CANARY.split('---').map((d) => parse(d) as Doc);
    expect(run.names).toEqual(['PeerAuthentication default', 'VirtualService sample-api']);
    expect(run.manifests.map((m) => (m as Doc).metadata.namespace)).toEqual(['meshtax-run-1', 'meshtax-run-1']);
    expect(run.manifests.map((m) => (m as Doc).spec)).toEqual(written.map((d) => d.spec));
    expect(run.notes).toEqual([]);
  });

  it('says when a mesh-root resource is moved, or a spec names a host in the workload namespace', () => {
    const yaml = CANARY.replace('namespace: default', 'namespace: istio-system').replace('hosts: [sample-api]', 'hosts: [sample-api.default.svc.cluster.local]');
    const run = istioResourcesForRun(yaml, 'x.yaml', 'meshtax-run-1', 'default');
    expect(run.notes.join('\n')).toMatch(/PeerAuthentication default: from namespace istio-system into the run's namespace/);
    expect(run.notes.join('\n')).toMatch(/VirtualService sample-api: names a host in namespace default/);
  });

  it('refuses YAML that is not Istio resources (exit 2)', () => {
    expect(() => istioResourcesForRun('- a\n- b\n', 'bad.yaml', 'ns', 'default')).toThrow(BadInputError);
  });

  it('labels the pods, not the Deployment selector: injection on for mesh pods with their service account, off for the baseline', () => {
    const mesh = withPodLabel(server, { key: 'sidecar.istio.io/inject', value: 'true' }, 'sample-api') as unknown as PodTemplate;
    expect(mesh.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
    expect(mesh.spec.template.metadata.labels.app).toBe('sample-api');
    expect(mesh.spec.selector.matchLabels['sidecar.istio.io/inject']).toBeUndefined();
    expect(mesh.spec.template.spec.serviceAccountName).toBe('sample-api');
    const baseline = withPodLabel(server, NO_INJECTION) as unknown as PodTemplate;
    expect(baseline.spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('false');
    expect(baseline.spec.template.spec.serviceAccountName).toBeUndefined();
    expect((server as unknown as PodTemplate).spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
  });

  it("names the Service's port by protocol, which is how Istio picks HTTP or gRPC", () => {
    const svc = (p: 'http' | 'grpc') => (workloadService('ns', 'sample-api', p, { app: 'sample-api' }) as { spec: { ports: { name: string; port: number }[] } }).spec.ports[0];
    expect(svc('http')).toMatchObject({ name: 'http', port: 8080 });
    expect(svc('grpc')!.name).toBe('grpc');
  });

  it('finds the pods without istio-proxy, whether Istio adds it as a container or a native (init) sidecar', () => {
    const pod = (name: string, containers: string[], initContainers: string[] = []) => ({ metadata: { name }, spec: { containers: containers.map((n) => ({ name: n })), initContainers: initContainers.map((n) => ({ name: n })) } });
    expect(podsWithoutIstioProxy([pod('a', ['app', 'istio-proxy'], ['istio-init']), pod('b', ['app'], ['istio-init', 'istio-proxy']), pod('c', ['app']), pod('d', ['app', 'envoy'])])).toEqual(['c', 'd']);
  });
});
