import { describe, expect, it } from 'vitest';
import { adminOnPodAddress, certFiles, deploymentManifest, namespaceManifest, SERVER_SIDECAR_PORT } from './manifests.js';
import { dnsLabel, labelValue, OWNER_ANNOTATION, runNamespace, RUN_LABEL } from './names.js';
import { parseOwner } from './sweep.js';

const images = { app: 'localhost/meshtax-app:0.1.0', envoy: 'localhost/meshtax-envoy:1.36.4' };
const common = { namespace: 'ns', profile: 'dedicated', images, imagePullPolicy: 'Never' as const };
type Container = { name: string; image: string; imagePullPolicy: string; args: string[]; readinessProbe?: unknown; volumeMounts?: { mountPath: string }[] };
const containersOf = (m: Record<string, unknown>) => (m as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers;

describe('a Kubernetes run as manifests', () => {
  it('names the run namespace as a DNS label, whatever the scenario is called', () => {
    expect(runNamespace('20261129-210000-mtls-strict-3fa9')).toBe('meshtax-20261129-210000-mtls-strict-3fa9');
    expect(runNamespace(`20261129-210000-${'My_Scenario'.repeat(8)}-3fa9`)).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(dnsLabel('--A_b--')).toBe('a-b');
    expect(labelValue('x'.repeat(80))).toHaveLength(63);
  });

  it('labels the namespace with the run id and records its owner, which the sweep reads back', () => {
    const owner = { host: 'box', pid: 4242, pidStartTicks: '1234' };
    const ns = namespaceManifest('meshtax-r1', 'r1', owner) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(ns.metadata.labels[RUN_LABEL]).toBe('r1');
    expect(ns.metadata.labels['app.kubernetes.io/managed-by']).toBe('meshtax');
    expect(parseOwner(ns.metadata.annotations[OWNER_ANNOTATION])).toEqual({ ...owner, runId: 'r1' });
    expect(parseOwner('not json')).toBeUndefined();
    expect(parseOwner('{"host":"box"}')).toBeUndefined();
  });

  it('gives a mesh pod the app and an Envoy sidecar reading its bootstrap and certificates from mounts', () => {
    const m = deploymentManifest({ ...common, name: 'dedicated-server-v1', role: 'server', labels: { app: 'api', version: 'v1' }, appArgs: ['--version', 'v1'], sidecar: { configMap: 'cm', secret: 'sec', concurrency: 2 } });
    const [app, envoy] = containersOf(m);
    expect(app!.args[0]).toBe('/app/server.mjs');
    expect(app!.readinessProbe).toBeUndefined(); // on loopback only: the sidecar's readiness stands for the pod
    expect(envoy!.args).toEqual(expect.arrayContaining(['--config-path', '/etc/meshtax/envoy/bootstrap.json', '--concurrency', '2']));
    expect(envoy!.volumeMounts!.map((v) => v.mountPath)).toEqual(['/etc/meshtax/envoy', '/etc/meshtax/certs']);
    expect(certFiles.trustedCaPath.startsWith('/etc/meshtax/certs/')).toBe(true);
    for (const c of [app!, envoy!]) expect(c.imagePullPolicy).toBe('Never');
    const labels = (m as { spec: { selector: { matchLabels: Record<string, string> } } }).spec.selector.matchLabels;
    expect(labels).toMatchObject({ app: 'api', version: 'v1', 'meshtax.io/role': 'server', 'meshtax.io/profile': 'dedicated' });
  });

  it("puts a pod in its profile's node pool (nodeSelector, tolerations), and anywhere without one", () => {
    const pool = { nodeSelector: { pool: 'server' }, tolerations: [{ key: 'dedicated', operator: 'Exists' as const, effect: 'NoSchedule' as const }] };
    const podSpec = (m: Record<string, unknown>) => (m as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec;
    const placed = podSpec(deploymentManifest({ ...common, pool, name: 'b', role: 'baseline', labels: {}, appArgs: [] }));
    expect(placed.nodeSelector).toEqual({ pool: 'server' });
    expect(placed.tolerations).toEqual(pool.tolerations);
    const anywhere = podSpec(deploymentManifest({ ...common, name: 'b', role: 'baseline', labels: {}, appArgs: [] }));
    expect(anywhere.nodeSelector).toBeUndefined();
    expect(anywhere.tolerations).toBeUndefined();
  });

  it('gives a baseline pod the app alone, probed on its port', () => {
    const containers = containersOf(deploymentManifest({ ...common, name: 'b', role: 'baseline', labels: { app: 'api' }, appArgs: [] }));
    expect(containers.map((c) => c.name)).toEqual(['app']);
    expect(containers[0]!.readinessProbe).toEqual({ tcpSocket: { port: 8080 }, periodSeconds: 1 });
  });

  it("moves Envoy's admin from a unix socket to the pod's address and keeps the rest of the bootstrap", () => {
    const bootstrap = { admin: { address: { pipe: { path: '/x' } } }, static_resources: { listeners: [{ port: SERVER_SIDECAR_PORT }] } };
    const moved = adminOnPodAddress(bootstrap);
    expect(moved.admin).toEqual({ address: { socket_address: { address: '0.0.0.0', port_value: 15000 } } });
    expect(moved.static_resources).toBe(bootstrap.static_resources);
  });
});
