// Hostile or huge Istio files are bad input (exit 2) within moments, with a bounded message.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../errors.js';
import { loadScenario } from '../catalog.js';
import { parseIstioYaml } from './parse.js';
import { translateIstio } from './translate.js';
import { WORKLOAD } from './testing/istio-yaml.js';

const HEAD = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: a}\nspec:\n';
const bomb = `${HEAD}  a: &a ["x","x","x","x","x","x","x","x","x"]\n${['b', 'c', 'd', 'e', 'f', 'g', 'h']
  .map((k, i) => `  ${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(',')}]`)
  .join('\n')}\n`;
const read = (text: string) => () => translateIstio(parseIstioYaml(text, 'x.yaml'), WORKLOAD, 'x.yaml');

describe('hostile Istio YAML', () => {
  it('an alias bomb is bad input, not a crash', () => {
    expect(read(bomb)).toThrow(BadInputError);
    expect(read(bomb)).toThrow(/x\.yaml: document 1 cannot be read: Excessive alias count/);
  });

  it('a file over the size cap is refused before it is parsed', () => {
    const huge = `${HEAD}  mtls: {mode: STRICT}\n${'#'.repeat(40 * 1024)}\n`;
    expect(read(huge)).toThrow(/x\.yaml is 40 KiB; an Istio file of a scenario may be at most 32 KiB/);
  });

  it('thousands of unknown keys give the first 20 problems and a count', () => {
    const keys = Array.from({ length: 1500 }, (_, i) => `  k${i}: ${i}`).join('\n');
    let message = '';
    try {
      read(`${HEAD}  mtls: {mode: STRICT}\n${keys}\n`)();
    } catch (error) {
      expect(error).toBeInstanceOf(BadInputError);
      message = (error as Error).message;
    }
    expect(message.split('\n')).toHaveLength(21);
    expect(message).toMatch(/… and 1480 more problems$/);
  });

  it('too many documents, and an istioFile that is a device, are refused', async () => {
    expect(read(Array(120).fill(`${HEAD}  mtls: {mode: STRICT}`).join('\n---\n'))).toThrow(/has 120 YAML documents; at most 100/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-scenario-'));
    const file = path.join(dir, 'dev.ts');
    await writeFile(file, `export default { name: 'dev', description: 'reads a device', mesh: { istioFile: '/dev/zero' } };\n`);
    await expect(loadScenario(file, dir)).rejects.toThrow(/mesh\.istioFile: \/dev\/zero is not a regular file/);
  });
});
