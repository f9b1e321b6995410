import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project's root folder (where package.json lives). */
export const projectRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Project-local, gitignored state: the provisioned Envoy binary, run scratch dirs. */
export const localStateDir = path.join(projectRoot, '.meshtax');

