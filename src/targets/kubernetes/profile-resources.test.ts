import { describe, expect, it } from 'vitest';
import { deploymentManifest } from './manifests.js';
import { neighbourPodManifest, serviceManifest } from './path-manifests.js';
import { burnerScript, cpuQuantity, neighbourBurners, profileResources } from './resources.js';

const images = { app: 'localhost/meshtax-app:0.1.0', envoy: 'localhost/meshtax-envoy:1.36.4' };
const common = { namespace: 'ns', profile: 'p', images, imagePullPolicy: 'Never' as const };
type Spec = { resources?: unknown; containers: { name: string; resources?: unknown; args?: string[] }[]; nodeName?: string; activeDeadlineSeconds?: number; restartPolicy?: string; tolerations?: unknown };
const podSpec = (m: Record<string, unknown>): Spec => ((m as { spec: { template?: { spec: Spec } } }).spec.template?.spec ?? (m as { spec: Spec }).spec);
const sized = (role: 'baseline' | 'server' | 'client', r: ReturnType<typeof profileResources>) =>
  podSpec(deploymentManifest({ ...common, name: 'x', role, labels: {}, appArgs: role === 'client' ? undefined : [], ...(role === 'baseline' ? {} : { sidecar: { configMap: 'c', secret: 's', concurrency: 1 } }), containerResources: r.container(role), podResources: r.pod(role) }));

describe('a node profile as pod resources', () => {
  it('dedicated: every container of every pod requests = limits, 1 whole CPU and 256 MiB by default (Guaranteed QoS)', () => {
    const r = profileResources({ kind: 'dedicated' });
    for (const role of ['baseline', 'server', 'client'] as const) {
      const spec = sized(role, r);
      expect(spec.resources).toBeUndefined();
      expect(spec.containers.length).toBeGreaterThan(0);
      for (const c of spec.containers) expect(c.resources).toEqual({ requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' } });
    }
    expect(r.quotaPct).toBeUndefined();
    expect(r.neighbourDutyPct).toBe(0);
    expect(r.summary).toMatch(/Guaranteed QoS.*1 CPU \(whole CPUs\)/);
  });

  it('dedicated with a configured fraction: millicores, and the summary says no static CPU manager pins it', () => {
    const r = profileResources({ kind: 'dedicated' }, { cpuPerContainer: 0.3, memoryMiBPerContainer: 128 });
    expect(r.container('server')).toEqual({ requests: { cpu: '300m', memory: '128Mi' }, limits: { cpu: '300m', memory: '128Mi' } });
    expect(r.summary).toMatch(/never pinned/);
    expect(profileResources({ kind: 'dedicated' }, { cpuPerContainer: 2 }).container('client')!.limits).toMatchObject({ cpu: '2' });
  });

  it("shared-core: the baseline and mesh server pods get a pod CPU limit of quotaPct, the client sidecar none, containers none", () => {
    const r = profileResources({ kind: 'shared-core', quotaPct: 15, neighbourDutyPct: 50 });
    expect(sized('server', r).resources).toEqual({ limits: { cpu: '150m' } });
    expect(sized('baseline', r).resources).toEqual({ limits: { cpu: '150m' } });
    expect(sized('client', r).resources).toBeUndefined();
    for (const role of ['baseline', 'server', 'client'] as const) for (const c of sized(role, r).containers) expect(c.resources).toBeUndefined();
    expect(r.neighbourDutyPct).toBe(50);
    expect(r.summary).toMatch(/pod CPU limit 150m \(CFS quota 15% of a CPU\).*neighbour pod at 50% duty/);
  });

  it("shared-core without figures takes the local target's defaults (60 % quota, 50 % duty)", () => {
    const r = profileResources({ kind: 'shared-core' });
    expect(r.pod('server')).toEqual({ limits: { cpu: '600m' } });
    expect(r.neighbourDutyPct).toBe(50);
    expect(profileResources({ kind: 'shared-core', quotaPct: 200 }).pod('server')).toEqual({ limits: { cpu: '2' } });
  });

  it('writes CPU quantities as Kubernetes does', () => {
    expect(cpuQuantity(1)).toBe('1');
    expect(cpuQuantity(0.15)).toBe('150m');
    expect(cpuQuantity(1.5)).toBe('1500m');
  });
});

describe("a shared-core profile's noisy neighbour pod", () => {
  const pool = { nodeSelector: { pool: 'server' }, tolerations: [{ key: 'bench', operator: 'Exists' as const, effect: 'NoSchedule' as const }] };
  const m = neighbourPodManifest({ namespace: 'ns', name: 'p-neighbour', profile: 'shared-core', node: 'node-a', dutyPct: 50, burners: 2, maxS: 95, images, imagePullPolicy: 'Never', pool });
  const spec = podSpec(m);

  it("runs on the server pods' node, never restarts, and the kubelet ends it with the run (activeDeadlineSeconds)", () => {
    expect(spec.nodeName).toBe('node-a');
    expect(spec.restartPolicy).toBe('Never');
    expect(spec.activeDeadlineSeconds).toBe(95);
    expect(spec.tolerations).toEqual(pool.tolerations);
    expect((m as { metadata: { namespace: string; labels: Record<string, string> } }).metadata).toMatchObject({ namespace: 'ns', labels: { 'meshtax.io/role': 'neighbour', 'meshtax.io/profile': 'shared-core' } });
  });

  it('is BestEffort (another tenant, no requests or limits), one burner per CPU of the server limit', () => {
    expect(spec.containers.map((c) => c.name)).toEqual(['burner-0', 'burner-1']);
    for (const c of spec.containers) expect(c.resources).toBeUndefined();
    expect(neighbourBurners(15)).toBe(1);
    expect(neighbourBurners(150)).toBe(2);
    expect(neighbourBurners(undefined)).toBe(1);
  });

  it('burns its duty of each 10 ms and stops by itself after maxS', () => {
    const script = spec.containers[0]!.args![1]!;
    expect(spec.containers[0]!.args![0]).toBe('-e');
    expect(script).toBe(burnerScript(50, 95));
    expect(script).toContain('busy=5,period=10');
    expect(script).toContain('end=performance.now()+95000');
    expect(() => new Function(script)).not.toThrow(); // valid JavaScript
  });
});

describe('a Service per path', () => {
  it('selects the pods by their labels and exposes each port as itself', () => {
    const s = serviceManifest({ namespace: 'ns', name: 'p-mesh', selector: { app: 'load-client', 'meshtax.io/role': 'client' }, ports: [{ name: 'mesh', port: 15001 }, { name: 'churn', port: 15002 }] }) as {
      metadata: { namespace: string };
      spec: { type: string; selector: Record<string, string>; ports: { port: number; targetPort: number }[] };
    };
    expect(s.metadata.namespace).toBe('ns');
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.spec.selector).toEqual({ app: 'load-client', 'meshtax.io/role': 'client' });
    expect(s.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([[15001, 15001], [15002, 15002]]);
  });
});
