// After tsc: the files under src/ that are not TypeScript (the gRPC proto, the metronome worker)
// go beside the compiled modules that load them by relative URL.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]));
for (const file of walk('src').filter((f) => !f.endsWith('.ts') && !f.includes(`${path.sep}testing${path.sep}`))) {
  cpSync(file, path.join('dist', path.relative('src', file)));
}
