import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaText } from '../../scripts/write-schema.js';
import { resultJsonSchema } from './schema.js';

describe('published result schema', () => {
  it('is the JSON Schema generated from the record definition (run `npm run schema` after changing it)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  it('names the fields CI parses', () => {
    const schema = resultJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    for (const field of ['schemaVersion', 'tool', 'runId', 'scenario', 'environment', 'envoy', 'budgetUs', 'verdict', 'summary']) {
      expect(schema.required).toContain(field);
    }
    const row = (schema.properties.summary as { items: { required: string[] } }).items;
    expect(row.required).toEqual(expect.arrayContaining(['percentile', 'baselineUs', 'meshUs', 'taxUs', 'ciUs', 'verdict']));
  });
});
