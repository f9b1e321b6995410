/**
 * Sidecar (networking.istio.io) → the client sidecar's egress. Translated: `egress[].hosts`
 * (which must still include the scenario's service, or the load could not reach it) and
 * `outboundTrafficPolicy.mode` (REGISTRY_ONLY sends whatever is not the service to a black hole
 * instead of the passthrough cluster). It changes the generated configuration only in Istio's
 * layout (captured traffic); without capture the client sidecar has no passthrough to change.
 */
import { z } from 'zod';
import type { EgressPolicy } from '../policy.js';
import type { IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import { NETWORKING_API_VERSIONS, resourceEnvelope, type IstioWorkload } from './workload.js';

function includesService(hosts: readonly string[], workload: IstioWorkload): boolean {
  const fqdn = `${workload.serviceName}.${workload.namespace}.svc.cluster.local`;
  return hosts.some((h) => {
    const [ns, host] = h.includes('/') ? (h.split('/', 2) as [string, string]) : ['*', h];
    const nsOk = ns === '*' || ns === '.' || ns === workload.namespace;
    const hostOk = host === '*' || host === fqdn || host === workload.serviceName || (host.startsWith('*.') && fqdn.endsWith(host.slice(1)));
    return nsOk && hostOk;
  });
}

function schema(workload: IstioWorkload) {
  const spec = istioObject({
    egress: z
      .array(istioObject({ hosts: z.array(z.string().min(1)).min(1) }))
      .min(1)
      .refine((entries) => includesService(entries.flatMap((e) => e.hosts), workload), {
        error: `the egress hosts leave out ${workload.serviceName}.${workload.namespace}.svc.cluster.local, so the load could not reach the service; add "./*"`,
      })
      .optional(),
    outboundTrafficPolicy: istioObject({ mode: z.enum(['ALLOW_ANY', 'REGISTRY_ONLY']) }).optional(),
  });
  return resourceEnvelope(NETWORKING_API_VERSIONS, 'Sidecar', [workload.namespace], spec);
}

export function readSidecar(resource: IstioResource, workload: IstioWorkload, source: string): EgressPolicy {
  const sc = readResource(schema(workload), resource, source);
  return { registryOnly: sc.spec.outboundTrafficPolicy?.mode === 'REGISTRY_ONLY' };
}
