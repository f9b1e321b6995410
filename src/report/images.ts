/** Charts as image files, rendered in Node: Vega-Lite → Vega → SVG (vega View) → PNG (resvg). */
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { toVega } from './charts/compile.js';
import { useDejaVuTextMetrics } from './text-width.js';

/** The chart as a standalone SVG document. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  useDejaVuTextMetrics();
  const view = new View(parse(toVega(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * The SVG as PNG at `scale` × its size. Text needs a system font: DejaVu Sans (Debian package
 * fonts-dejavu-core) is asked for first; without any font, labels would be missing.
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
