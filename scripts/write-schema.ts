/** Writes results/schema/result.schema.json from the same zod definition the code validates with. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../src/paths.js';
import { resultJsonSchema } from '../src/record/schema.js';

export const SCHEMA_FILE = path.join(projectRoot, 'results', 'schema', 'result.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(resultJsonSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await mkdir(path.dirname(SCHEMA_FILE), { recursive: true });
  await writeFile(SCHEMA_FILE, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
