/**
 * The one service a scenario deploys, as Istio resources see it: pods labelled
 * `app: <serviceName>` and `version: <v>` in `namespace`, serving on WORKLOAD_PORT.
 */
import { z } from 'zod';
import { istioObject } from './problems.js';

export interface IstioWorkload {
  readonly serviceName: string;
  readonly namespace: string;
  readonly versions: readonly string[];
}

/** The container port of every version of the sample API (what `portLevelMtls` and `port.number` name). */
export const WORKLOAD_PORT = 8080;

/** Istio's default mesh root namespace: a PeerAuthentication there is mesh-wide. */
export const MESH_ROOT_NAMESPACE = 'istio-system';

export const SECURITY_API_VERSIONS = ['security.istio.io/v1', 'security.istio.io/v1beta1'] as const;
export const NETWORKING_API_VERSIONS = ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] as const;

/** The host names that mean the scenario's service: short, and fully qualified. */
function serviceHosts(workload: IstioWorkload): string[] {
  return [workload.serviceName, `${workload.serviceName}.${workload.namespace}.svc.cluster.local`];
}

export function serviceHost(workload: IstioWorkload) {
  const hosts = serviceHosts(workload);
  return z.string().refine((host) => hosts.includes(host), {
    error: (issue) => `${JSON.stringify(issue.input)} is not the scenario's service; use ${hosts.join(' or ')}`,
  });
}

/** A deployed version (the `version` label of one of the scenario's app processes). */
export function deployedVersion(workload: IstioWorkload) {
  return z.string().refine((v) => workload.versions.includes(v), {
    error: (issue) => `version ${JSON.stringify(issue.input)} is not deployed; scenario.workload.versions is ${workload.versions.join(', ')}`,
  });
}

/** apiVersion, kind, metadata and a spec; `namespaces` are where this kind may live for the workload. */
export function resourceEnvelope<S extends z.ZodType>(
  apiVersions: readonly [string, ...string[]],
  kind: string,
  namespaces: readonly string[],
  spec: S,
) {
  return istioObject({
    apiVersion: z.enum(apiVersions),
    kind: z.literal(kind),
    metadata: istioObject({
      name: z.string().min(1),
      namespace: z
        .string()
        .refine((ns) => namespaces.includes(ns), {
          error: (issue) => `${JSON.stringify(issue.input)} is not where meshtax deploys the workload; use ${namespaces.join(' or ')} (or leave it out)`,
        })
        .optional(),
      labels: z.record(z.string(), z.string()).optional(),
    }),
    spec,
  });
}
