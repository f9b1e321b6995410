/**
 * Which sidecars a Kubernetes run uses (issue 14): Istio's own (`istio`) when the cluster has
 * Istio's CRDs AND an istiod (a Service or Deployment `istiod[-<revision>]` in istio-system, or
 * Istio's sidecar-injector MutatingWebhookConfiguration); meshtax's own Envoy (`meshtax-envoy`)
 * otherwise. `decideSidecarMode` is pure over what the API server answered; `findIstio` asks it.
 */
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import type { Kubectl } from './kubectl.js';

export type SidecarsSetting = 'auto' | 'istio' | 'meshtax';
export type SidecarMode = 'istio' | 'meshtax-envoy';

/** The CRDs the scenarios' Istio YAML needs (PeerAuthentication, DestinationRule, VirtualService). */
export const ISTIO_CRDS = ['peerauthentications.security.istio.io', 'destinationrules.networking.istio.io', 'virtualservices.networking.istio.io'] as const;
export const ISTIO_NAMESPACE = 'istio-system';
/** Istio's injector webhooks are named `[rev.][namespace.|object.]sidecar-injector.istio.io`. */
const INJECTOR_WEBHOOK = /sidecar-injector\.istio\.io$/;
const ISTIOD_NAME = /^istiod(-.+)?$/;

/** What the API server showed about Istio. */
export interface IstioFindings {
  readonly crdsFound: readonly string[];
  readonly crdsMissing: readonly string[];
  /** e.g. `Service istio-system/istiod`, `Deployment istio-system/istiod-1-24`. */
  readonly istiod: readonly string[];
  /** Istio's sidecar-injector MutatingWebhookConfigurations, with their revision (null: the default one). */
  readonly injectors: readonly { readonly name: string; readonly revision: string | null }[];
  /** What could not be read (e.g. RBAC forbids listing CRDs), in kubectl's words. */
  readonly unreadable: readonly string[];
}

export interface SidecarDecision {
  readonly requested: SidecarsSetting;
  readonly mode: SidecarMode;
  /** One sentence: why this mode. */
  readonly reason: string;
  /** The pod label that asks Istio to inject (istio mode), e.g. `sidecar.istio.io/inject=true` or `istio.io/rev=1-24`. */
  readonly injectionLabel: { readonly key: string; readonly value: string } | null;
}

export const istiodFound = (f: IstioFindings) => f.istiod.length > 0 || f.injectors.length > 0;

export function decideSidecarMode(requested: SidecarsSetting, findings: IstioFindings): SidecarDecision {
  const crds = findings.crdsMissing.length === 0;
  const istiod = istiodFound(findings);
  const present = crds && istiod;
  const seen = describeFindings(findings);
  if (requested === 'meshtax') return { requested, mode: 'meshtax-envoy', reason: `targets.kubernetes.sidecars is "meshtax" (${seen})`, injectionLabel: null };
  if (requested === 'istio' && !present) {
    throw new EnvironmentError(
      `targets.kubernetes.sidecars is "istio", but Istio was not found on the cluster (${seen}).`,
      'Istio mode needs Istio\'s CRDs and istiod (`kubectl get crd | grep istio.io`, `kubectl get deploy,svc -n istio-system`); or set sidecars to "auto"/"meshtax" to measure with meshtax\'s own Envoy.',
    );
  }
  if (present) return { requested, mode: 'istio', reason: `Istio found: ${seen}`, injectionLabel: injectionLabel(findings) };
  return { requested, mode: 'meshtax-envoy', reason: `Istio not found (${seen}): meshtax's own Envoy sidecars`, injectionLabel: null };
}

/**
 * The pod label that enables injection: `sidecar.istio.io/inject=true` for the default revision
 * (or when only istiod was seen); `istio.io/rev=<rev>` when the cluster injects by revision only.
 */
export function injectionLabel(findings: IstioFindings): { key: string; value: string } {
  const revisions = [...new Set(findings.injectors.map((i) => i.revision))];
  const named = revisions.filter((r): r is string => r !== null && r !== 'default').sort();
  if (revisions.length === 0 || revisions.some((r) => r === null || r === 'default') || named.length === 0) return { key: 'sidecar.istio.io/inject', value: 'true' };
  return { key: 'istio.io/rev', value: named[0]! };
}

export function describeFindings(f: IstioFindings): string {
  const parts = [
    f.crdsMissing.length === 0 ? `CRDs ${f.crdsFound.join(', ')}` : `CRDs missing: ${f.crdsMissing.join(', ')}`,
    f.istiod.length > 0 ? f.istiod.join(', ') : `no istiod Service/Deployment in ${ISTIO_NAMESPACE}`,
    f.injectors.length > 0 ? `injector webhook ${f.injectors.map((i) => (i.revision ? `${i.name} (revision ${i.revision})` : i.name)).join(', ')}` : 'no sidecar-injector webhook',
  ];
  if (f.unreadable.length > 0) parts.push(`could not read: ${f.unreadable.join('; ')}`);
  return parts.join('; ');
}

const NamedListSchema = z.object({
  items: z.array(
    z.object({
      kind: z.string().optional(),
      metadata: z.object({ name: z.string(), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }),
      webhooks: z.array(z.object({ name: z.string() })).optional(),
    }),
  ),
});
type NamedList = z.infer<typeof NamedListSchema>;

/** Pure: the three kubectl answers (null: could not be read) as findings. */
export function findingsFrom(answers: { crds: NamedList | null; istioSystem: NamedList | null; webhooks: NamedList | null }, unreadable: readonly string[] = []): IstioFindings {
  const crdNames = new Set((answers.crds?.items ?? []).map((c) => c.metadata.name));
  return {
    crdsFound: ISTIO_CRDS.filter((c) => crdNames.has(c)),
    crdsMissing: ISTIO_CRDS.filter((c) => !crdNames.has(c)),
    istiod: (answers.istioSystem?.items ?? [])
      .filter((o) => (o.kind === 'Service' || o.kind === 'Deployment') && ISTIOD_NAME.test(o.metadata.name))
      .map((o) => `${o.kind} ${ISTIO_NAMESPACE}/${o.metadata.name}`),
    injectors: (answers.webhooks?.items ?? [])
      .filter((w) => (w.webhooks ?? []).some((h) => INJECTOR_WEBHOOK.test(h.name)))
      .map((w) => ({ name: w.metadata.name, revision: w.metadata.labels?.['istio.io/rev'] ?? null })),
    unreadable,
  };
}

/** Asks the API server (three reads); a read that fails (e.g. RBAC) is recorded, not fatal. */
export async function findIstio(kube: Kubectl): Promise<IstioFindings> {
  const unreadable: string[] = [];
  const read = async (what: string, args: string[]): Promise<NamedList | null> => {
    try {
      const text = (await kube.run([...args, '-o', 'json'])).trim();
      return text === '' ? { items: [] } : NamedListSchema.parse(JSON.parse(text));
    } catch (error) {
      unreadable.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
      return null;
    }
  };
  const crds = await read('CRDs', ['get', 'customresourcedefinitions', ...ISTIO_CRDS, '--ignore-not-found']);
  const istioSystem = await read(`${ISTIO_NAMESPACE} Services/Deployments`, ['get', 'services,deployments', '-n', ISTIO_NAMESPACE, '--ignore-not-found']);
  const webhooks = await read('MutatingWebhookConfigurations', ['get', 'mutatingwebhookconfigurations']);
  return findingsFrom({ crds, istioSystem, webhooks }, unreadable);
}
