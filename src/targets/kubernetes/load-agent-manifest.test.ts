// The load-agent pod's manifest: on the profile's client pool, `meshtax agent` from the app image
// with its keys from a Secret, expecting the harness's SPIFFE id, bounded in life.
import { describe, expect, it } from 'vitest';
import { AGENT_IMAGE_ENTRY } from './images.js';
import { loadAgentManifest, LOAD_AGENT_PORT } from './load-agent-pod.js';

const base = {
  profile: 'dedicated',
  namespace: 'meshtax-run-1',
  name: 'dedicated-load-agent',
  harnessId: 'spiffe://cluster.local/ns/sample/sa/meshtax-harness',
  maxLifeS: 660,
  images: { app: 'localhost/meshtax-app:0.1.0', envoy: 'localhost/meshtax-envoy:1' },
  imagePullPolicy: 'Never' as const,
  readyTimeoutMs: 60_000,
  kube: undefined as never,
  pki: undefined as never,
};

type Spec = { nodeSelector?: unknown; tolerations?: unknown; containers: { image: string; args: string[]; resources?: unknown }[]; volumes: { secret?: { secretName: string } }[] };
const podSpec = (m: Record<string, unknown>) => (m as { spec: { template: { spec: Spec } } }).spec.template.spec;

describe('the load-agent pod', () => {
  it('goes on the client pool: its nodeSelector and tolerations', () => {
    const pool = { nodeSelector: { pool: 'load' }, tolerations: [{ key: 'dedicated', operator: 'Equal' as const, value: 'load', effect: 'NoSchedule' as const }] };
    const spec = podSpec(loadAgentManifest({ ...base, pool }));
    expect(spec.nodeSelector).toEqual({ pool: 'load' });
    expect(spec.tolerations).toEqual(pool.tolerations);
  });

  it('goes anywhere when the profile has no client pool', () => {
    const spec = podSpec(loadAgentManifest({ ...base, pool: undefined }));
    expect(spec.nodeSelector).toBeUndefined();
    expect(spec.tolerations).toBeUndefined();
  });

  it('runs meshtax agent from the app image, with its keys from its Secret, for the harness only, bounded in life', () => {
    const spec = podSpec(loadAgentManifest({ ...base, pool: undefined }));
    const [container] = spec.containers;
    expect(container!.image).toBe(base.images.app);
    expect(container!.args.slice(0, 3)).toEqual([AGENT_IMAGE_ENTRY, '--listen', `0.0.0.0:${LOAD_AGENT_PORT}`]);
    expect(container!.args.join(' ')).toMatch(/--peer-id spiffe:\/\/cluster.local\/ns\/sample\/sa\/meshtax-harness --max-life-s 660/);
    expect(spec.volumes[0]!.secret!.secretName).toBe('dedicated-load-agent');
    // Burstable: a CPU weight above BestEffort's under contention, and no limit to throttle it mid-trial.
    expect(container!.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' } });
  });
});
