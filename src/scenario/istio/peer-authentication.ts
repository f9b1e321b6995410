/**
 * PeerAuthentication → what each version's server sidecar accepts.
 *
 * Scope follows Istio: a resource in the mesh root namespace (istio-system) without a selector
 * is mesh-wide; one in the workload's namespace without a selector is namespace-wide; one with
 * `selector.matchLabels` (app and/or version) is workload-specific. For each version the most
 * specific resource that sets a mode wins (UNSET inherits from the next one); with none, Istio's
 * default PERMISSIVE applies. `portLevelMtls` overrides a workload-specific mode on one port.
 */
import { z } from 'zod';
import { BadInputError } from '../../errors.js';
import type { InboundPolicy, MtlsMode } from '../policy.js';
import { describeResource, type IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import {
  deployedVersion,
  MESH_ROOT_NAMESPACE,
  resourceEnvelope,
  SECURITY_API_VERSIONS,
  WORKLOAD_PORT,
  type IstioWorkload,
} from './workload.js';

type ModeSetting = MtlsMode | 'UNSET';
type Scope = 'mesh' | 'namespace' | 'workload';

export interface PeerAuthenticationRule {
  readonly resource: IstioResource;
  readonly scope: Scope;
  /** The selector's labels (workload scope only). */
  readonly matchLabels: { readonly app?: string; readonly version?: string };
  readonly mode: ModeSetting;
  readonly portModes: Readonly<Record<number, ModeSetting>>;
}

const DEFAULT_MODE: MtlsMode = 'PERMISSIVE';

const mtlsSchema = istioObject({ mode: z.enum(['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']).default('UNSET') });

function specSchema(workload: IstioWorkload) {
  const matchLabels = istioObject({
    app: z
      .string()
      .refine((app) => app === workload.serviceName, {
        error: (issue) => `app ${JSON.stringify(issue.input)} selects nothing meshtax deploys; the workload is app ${workload.serviceName}`,
      })
      .optional(),
    version: deployedVersion(workload).optional(),
  }).refine((labels) => labels.app !== undefined || labels.version !== undefined, { error: 'must name app and/or version' });
  return istioObject({
    selector: istioObject({ matchLabels }).optional(),
    mtls: mtlsSchema.optional(),
    portLevelMtls: z.record(z.string(), mtlsSchema).optional(),
  }).superRefine((spec, ctx) => {
    for (const port of Object.keys(spec.portLevelMtls ?? {})) {
      if (Number(port) !== WORKLOAD_PORT) {
        ctx.addIssue({ code: 'custom', path: ['portLevelMtls', port], message: `the workload serves on port ${WORKLOAD_PORT} only, not ${port}` });
      }
    }
    if (spec.portLevelMtls && !spec.selector) {
      ctx.addIssue({ code: 'custom', path: ['portLevelMtls'], message: 'Istio allows port-level mTLS only with a workload selector' });
    }
  });
}

function schema(workload: IstioWorkload) {
  const namespaces = [workload.namespace, MESH_ROOT_NAMESPACE];
  return resourceEnvelope(SECURITY_API_VERSIONS, 'PeerAuthentication', namespaces, specSchema(workload).default({})).superRefine((pa, ctx) => {
    if (pa.metadata.namespace === MESH_ROOT_NAMESPACE && pa.spec.selector) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'selector'],
        message: `a selector in the mesh root namespace ${MESH_ROOT_NAMESPACE} selects workloads of that namespace only, where the scenario deploys nothing`,
      });
    }
  });
}

export function readPeerAuthentication(resource: IstioResource, workload: IstioWorkload, source: string): PeerAuthenticationRule {
  const pa = readResource(schema(workload), resource, source);
  const scope: Scope = pa.spec.selector ? 'workload' : pa.metadata.namespace === MESH_ROOT_NAMESPACE ? 'mesh' : 'namespace';
  const portModes = Object.fromEntries(Object.entries(pa.spec.portLevelMtls ?? {}).map(([port, m]) => [Number(port), m.mode]));
  return { resource, scope, matchLabels: pa.spec.selector?.matchLabels ?? {}, mode: pa.spec.mtls?.mode ?? 'UNSET', portModes };
}

/** The inbound policy of every deployed version, by Istio's precedence. */
export function resolveInbound(rules: readonly PeerAuthenticationRule[], workload: IstioWorkload, source: string): Record<string, InboundPolicy> {
  const mesh = onlyOne(rules.filter((r) => r.scope === 'mesh'), `mesh-wide (namespace ${MESH_ROOT_NAMESPACE})`, source);
  const namespace = onlyOne(rules.filter((r) => r.scope === 'namespace'), `namespace-wide for ${workload.namespace}`, source);
  return Object.fromEntries(
    workload.versions.map((version) => {
      const selected = onlyOne(rules.filter((r) => r.scope === 'workload' && selects(r, version)), `selecting version ${version}`, source);
      return [version, inboundPolicy([selected, namespace, mesh])];
    }),
  );
}

const selects = (rule: PeerAuthenticationRule, version: string) => rule.matchLabels.version === undefined || rule.matchLabels.version === version;

/** `chain` runs from the most specific rule to the least; the first mode that is set wins. */
function inboundPolicy(chain: ReadonlyArray<PeerAuthenticationRule | undefined>): InboundPolicy {
  const mode = chain.map((r) => r?.mode).find((m): m is MtlsMode => m !== undefined && m !== 'UNSET') ?? DEFAULT_MODE;
  const ports = Object.entries(chain[0]?.portModes ?? {});
  const portModes = Object.fromEntries(ports.map(([port, m]) => [Number(port), m === 'UNSET' ? mode : m]));
  return { mode, portModes };
}

function onlyOne(rules: readonly PeerAuthenticationRule[], what: string, source: string): PeerAuthenticationRule | undefined {
  if (rules.length <= 1) return rules[0];
  throw new BadInputError(
    `${source}: ${rules.map((r) => describeResource(r.resource)).join(' and ')} are PeerAuthentications ${what}; ` +
      'Istio would use the oldest, which meshtax cannot know.',
    'Keep one of them.',
  );
}
