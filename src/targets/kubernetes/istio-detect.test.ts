import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../errors.js';
import { decideSidecarMode, findingsFrom, injectionLabel, ISTIO_CRDS } from './istio-detect.js';

const crdList = (names: readonly string[]) => ({ items: names.map((name) => ({ kind: 'CustomResourceDefinition', metadata: { name } })) });
const istioSystem = (...objects: [kind: string, name: string][]) => ({ items: objects.map(([kind, name]) => ({ kind, metadata: { name, namespace: 'istio-system' } })) });
const injector = (name: string, revision?: string) => ({
  kind: 'MutatingWebhookConfiguration',
  metadata: { name, ...(revision ? { labels: { 'istio.io/rev': revision } } : {}) },
  webhooks: [{ name: 'rev.namespace.sidecar-injector.istio.io' }, { name: 'rev.object.sidecar-injector.istio.io' }],
});
const none = { items: [] };

describe('which sidecars a Kubernetes run uses, from what the API server answered', () => {
  it('uses meshtax\'s own Envoy when Istio\'s CRDs are absent, and says which are missing', () => {
    const findings = findingsFrom({ crds: none, istioSystem: istioSystem(['Service', 'istiod']), webhooks: none });
    const decision = decideSidecarMode('auto', findings);
    expect(decision.mode).toBe('meshtax-envoy');
    expect(findings.crdsMissing).toEqual([...ISTIO_CRDS]);
    expect(decision.reason).toMatch(/Istio not found \(CRDs missing: peerauthentications\.security\.istio\.io/);
  });

  it('does not take CRDs alone for Istio: istiod must be there too', () => {
    const decision = decideSidecarMode('auto', findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: istioSystem(['Service', 'some-other']), webhooks: none }));
    expect(decision.mode).toBe('meshtax-envoy');
    expect(decision.reason).toMatch(/no istiod Service\/Deployment in istio-system; no sidecar-injector webhook/);
  });

  it('uses Istio when the CRDs and istiod (Service or Deployment, revisioned names too) are found', () => {
    const findings = findingsFrom({ crds: crdList([...ISTIO_CRDS, 'gateways.networking.istio.io']), istioSystem: istioSystem(['Deployment', 'istiod-1-24'], ['Service', 'istiod']), webhooks: none });
    expect(findings.istiod).toEqual(['Deployment istio-system/istiod-1-24', 'Service istio-system/istiod']);
    const decision = decideSidecarMode('auto', findings);
    expect(decision.mode).toBe('istio');
    expect(decision.injectionLabel).toEqual({ key: 'sidecar.istio.io/inject', value: 'true' });
  });

  it('counts Istio\'s sidecar-injector webhook as istiod, and ignores other webhooks', () => {
    const other = { kind: 'MutatingWebhookConfiguration', metadata: { name: 'cert-manager' }, webhooks: [{ name: 'webhook.cert-manager.io' }] };
    const findings = findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: null, webhooks: { items: [other, injector('istio-sidecar-injector')] } }, ['istio-system Services/Deployments: forbidden']);
    expect(findings.injectors).toEqual([{ name: 'istio-sidecar-injector', revision: null }]);
    const decision = decideSidecarMode('auto', findings);
    expect(decision.mode).toBe('istio');
    expect(decision.reason).toMatch(/could not read: istio-system Services\/Deployments: forbidden/);
  });

  it('asks for injection by revision label when the cluster injects by revision only', () => {
    const byRevision = findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: none, webhooks: { items: [injector('istio-sidecar-injector-1-24', '1-24')] } });
    expect(injectionLabel(byRevision)).toEqual({ key: 'istio.io/rev', value: '1-24' });
    const withDefault = findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: none, webhooks: { items: [injector('istio-sidecar-injector-1-24', '1-24'), injector('istio-sidecar-injector', 'default')] } });
    expect(injectionLabel(withDefault)).toEqual({ key: 'sidecar.istio.io/inject', value: 'true' });
  });

  it('obeys a forced mode: meshtax even where Istio is; istio refused (exit 3) where it is not', () => {
    const present = findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: istioSystem(['Service', 'istiod']), webhooks: none });
    expect(decideSidecarMode('meshtax', present).mode).toBe('meshtax-envoy');
    expect(decideSidecarMode('istio', present).mode).toBe('istio');
    const absent = findingsFrom({ crds: crdList(ISTIO_CRDS), istioSystem: none, webhooks: none });
    expect(() => decideSidecarMode('istio', absent)).toThrow(EnvironmentError);
    expect(() => decideSidecarMode('istio', absent)).toThrow(/sidecars is "istio", but Istio was not found/);
  });
});
