import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import { parseIstioYaml } from './parse.js';

const SOURCE = 'scenarios/x.istio.yaml';

describe('parseIstioYaml', () => {
  it('returns one resource per document, numbered by its place in the file', () => {
    const text = [
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n',
      '# only a comment\n',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: sample-api\n',
    ].join('---\n');
    const resources = parseIstioYaml(text, SOURCE);
    expect(resources.map((r) => [r.kind, r.name, r.index])).toEqual([
      ['PeerAuthentication', 'default', 0],
      ['VirtualService', 'sample-api', 2],
    ]);
  });

  it('names the document that is not valid YAML', () => {
    const text = 'kind: PeerAuthentication\n---\nkind: [unclosed\n';
    expect(() => parseIstioYaml(text, SOURCE)).toThrow(BadInputError);
    expect(() => parseIstioYaml(text, SOURCE)).toThrow(/^scenarios\/x\.istio\.yaml: document 2 is not valid YAML/);
  });

  it('refuses a document that is not a mapping', () => {
    expect(() => parseIstioYaml('- a\n- b\n', SOURCE)).toThrow('scenarios/x.istio.yaml: document 1 is not a mapping');
  });

  it('refuses a key given twice', () => {
    expect(() => parseIstioYaml('kind: A\nkind: B\n', SOURCE)).toThrow(/document 1 is not valid YAML/);
  });

  it('reads an empty file as no resources', () => {
    expect(parseIstioYaml('', SOURCE)).toEqual([]);
  });
});
