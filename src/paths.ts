import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/** The project's root folder (where package.json lives). */
export const projectRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Project-local, gitignored state: the provisioned Envoy binary, run scratch dirs. */
export const localStateDir = path.join(projectRoot, '.meshtax');

/** `file:` URL of tsx's loader, so `node --import` works whatever a child's working directory is. */
export const tsxImportUrl = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
