/**
 * Istio resources → MeshPolicy. This first cut understands PeerAuthentication's `mtls.mode`;
 * any other kind or field is refused by name rather than silently ignored.
 */
import { parseAllDocuments } from 'yaml';
import { BadInputError } from '../../errors.js';
import type { MeshPolicy, MtlsMode } from '../policy.js';

export interface IstioResource {
  readonly kind: string;
  readonly name: string;
  readonly index: number;
  readonly body: Record<string, unknown>;
}

export function parseIstioYaml(text: string, source: string): IstioResource[] {
  const docs = parseAllDocuments(text);
  return docs.flatMap((doc, index) => {
    if (doc.errors.length > 0) throw new BadInputError(`${source}: document ${index + 1} is not valid YAML: ${doc.errors[0]?.message}`);
    const body: unknown = doc.toJS();
    if (body === null || body === undefined) return [];
    if (typeof body !== 'object' || Array.isArray(body)) throw new BadInputError(`${source}: document ${index + 1} is not a mapping`);
    const record = body as Record<string, unknown>;
    const metadata = (record.metadata ?? {}) as Record<string, unknown>;
    return [{ kind: String(record.kind ?? '(no kind)'), name: String(metadata.name ?? '(no name)'), index, body: record }];
  });
}

const MODES: readonly MtlsMode[] = ['STRICT', 'PERMISSIVE', 'DISABLE'];

function peerAuthenticationMode(resource: IstioResource, source: string): MtlsMode {
  const spec = (resource.body.spec ?? {}) as Record<string, unknown>;
  const mode = ((spec.mtls ?? {}) as Record<string, unknown>).mode ?? 'PERMISSIVE';
  if (typeof mode !== 'string' || !MODES.includes(mode as MtlsMode)) {
    throw new BadInputError(`${source}: PeerAuthentication ${resource.name}: spec.mtls.mode must be one of ${MODES.join(', ')}, got ${String(mode)}`);
  }
  return mode as MtlsMode;
}

export function translateIstio(resources: readonly IstioResource[], versions: readonly string[], source: string): MeshPolicy {
  let mode: MtlsMode = 'PERMISSIVE'; // Istio's default when no PeerAuthentication applies
  for (const resource of resources) {
    if (resource.kind !== 'PeerAuthentication') {
      throw new BadInputError(`${source}: document ${resource.index + 1} (${resource.kind} ${resource.name}) is not a kind meshtax translates yet.`);
    }
    mode = peerAuthenticationMode(resource, source);
  }
  const inbound = Object.fromEntries(versions.map((v) => [v, { mode, portModes: {} }]));
  return {
    inbound,
    outbound: {
      tlsMode: mode === 'DISABLE' ? 'DISABLE' : 'ISTIO_MUTUAL',
      subsets: [],
      routes: [{ name: 'default', matches: [], destinations: [{ subset: '', weight: 100 }] }],
    },
  };
}
