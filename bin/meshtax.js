#!/usr/bin/env node
// The installed command: meshtax compiled to dist/ (npm run build, done by `npm pack`/prepack).
try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('meshtax: this checkout is not built yet: run `npm run build` (or use `npm run bench -- …`, which runs from source).\n');
    process.exit(3);
  }
  throw error;
}
