/** Looks shared by every chart: fonts that exist both in Chromium and for resvg, sizes, colours. */
import type { Config } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** DejaVu Sans (fonts-dejavu-core) is what resvg finds on Debian; the others are fallbacks. */
export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  title: { fontSize: 16, anchor: 'start', subtitleFontSize: 13, subtitleColor: '#444', offset: 10 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal', labelLimit: 320, symbolOpacity: 1 },
  header: { labelFontSize: 13, titleFontSize: 13, titleFontWeight: 'normal' },
  view: { stroke: '#ccc' },
};

export const VARIANT_SCALE = { domain: ['baseline', 'mesh'], range: ['#4c78a8', '#e45756'] };
export const VARIANT_LEGEND_LABELS = "datum.label == 'mesh' ? 'mesh (with client and server sidecar)' : 'baseline (no sidecars)'";
export const BUDGET_COLOR = '#b30000';
export const PANEL = { width: 680, height: 300 } as const;
/** Panel width when profiles stand side by side as columns. */
export const COLUMN_PANEL_WIDTH = 440;

/** `$schema`, config and the title every chart has. */
export function frame(title: string, subtitle: string): Pick<TopLevelSpec, '$schema' | 'config' | 'title'> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    title: { text: title, subtitle },
  };
}
