/**
 * `npm run setup:ztunnel` (and the last step of `npm run setup`): makes ztunnel, Istio's ambient
 * node proxy, available for `dataPlane: ambient` scenarios. ZTUNNEL_BIN or a `ztunnel` on PATH is
 * used as it is; otherwise it is built from MESHTAX_ZTUNNEL_SRC (a source folder or tarball),
 * default ../shared/vendor/ztunnel-*-src.tar.gz. Never fails `npm run setup`: without ztunnel only
 * the ambient scenarios cannot run (they exit 3 and say this).
 */
import { pathToFileURL } from 'node:url';
import { buildZtunnel, findZtunnel, ZTUNNEL_HOW_TO, ztunnelSource } from '../src/ztunnel/index.js';

/** true when a ztunnel is ready; prints what it did either way. */
export async function setupZtunnel(): Promise<boolean> {
  try {
    const found = await findZtunnel();
    if (found && found.source !== 'built') {
      console.log(`✓ ztunnel (${found.source}): ${found.path}`);
      return true;
    }
    const source = await ztunnelSource();
    if (!source) {
      if (found) console.log(`✓ ztunnel ${found.commit} (built, features ${found.features.join(',')}): ${found.path}`);
      else console.log(`! no ztunnel and no ztunnel source: ambient scenarios will not run. ${ZTUNNEL_HOW_TO}`);
      return found !== undefined;
    }
    const built = await buildZtunnel(source, { log: (line) => console.log(`• ${line}`) });
    console.log(`✓ ztunnel ${built.commit} (built from ${source.path}, features ${built.features.join(',')}): ${built.path}`);
    return true;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    console.log(`! ztunnel is not available, so ambient scenarios will not run: ${(error as Error).message}${hint ? `\n  → ${hint}` : ''}`);
    return false;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = (await setupZtunnel()) ? 0 : 3;
}
