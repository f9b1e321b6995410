/** Istio YAML text → one IstioResource per non-empty document, unvalidated beyond "is a mapping". */
import { parseAllDocuments } from 'yaml';
import { BadInputError } from '../../errors.js';

export interface IstioResource {
  readonly kind: string;
  readonly name: string;
  /** 0-based position of the document in its file; messages count from 1. */
  readonly index: number;
  readonly body: Readonly<Record<string, unknown>>;
}

const HINT = 'Each document between `---` lines must be one Istio resource (apiVersion, kind, metadata, spec).';

/** Istio files of a scenario are a few resources: anything far larger is a mistake or an attack. */
export const MAX_ISTIO_BYTES = 32 * 1024;
export const MAX_ISTIO_DOCUMENTS = 100;
/** Aliases are legitimate YAML, but a few hundred expand into a billion nodes ("billion laughs"). */
export const MAX_YAML_ALIASES = 50;

export function parseIstioYaml(text: string, source: string): IstioResource[] {
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_ISTIO_BYTES) throw new BadInputError(`${source} is ${Math.round(bytes / 1024)} KiB; an Istio file of a scenario may be at most ${MAX_ISTIO_BYTES / 1024} KiB.`, HINT);
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [];
  if (list.length > MAX_ISTIO_DOCUMENTS) throw new BadInputError(`${source} has ${list.length} YAML documents; at most ${MAX_ISTIO_DOCUMENTS} are read.`, HINT);
  return list.flatMap((doc, index) => {
    const [error] = doc.errors;
    if (error) throw new BadInputError(`${source}: document ${index + 1} is not valid YAML: ${error.message.split('\n')[0]}`, HINT);
    let body: unknown;
    try {
      body = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      throw new BadInputError(`${source}: document ${index + 1} cannot be read: ${(e as Error).message} (at most ${MAX_YAML_ALIASES} alias expansions).`, HINT);
    }
    if (body === null || body === undefined) return [];
    if (!isRecord(body)) throw new BadInputError(`${source}: document ${index + 1} is not a mapping`, HINT);
    return [{ kind: label(body.kind, '(no kind)'), name: label(isRecord(body.metadata) ? body.metadata.name : undefined, '(no name)'), index, body }];
  });
}

/** "document 2 (VirtualService sample-api)": how every message points at a resource. */
export function describeResource(resource: IstioResource): string {
  return `document ${resource.index + 1} (${resource.kind} ${resource.name})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const label = (value: unknown, fallback: string) => (typeof value === 'string' && value !== '' ? value : fallback);
