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

export function parseIstioYaml(text: string, source: string): IstioResource[] {
  return parseAllDocuments(text).flatMap((doc, index) => {
    const [error] = doc.errors;
    if (error) throw new BadInputError(`${source}: document ${index + 1} is not valid YAML: ${error.message}`, HINT);
    const body: unknown = doc.toJS();
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
