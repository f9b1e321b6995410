/**
 * The shell every meshtax HTML page shares: the style, the chart figures, the Vega specs compiled
 * here and the inlined runtime that draws them. Self-contained: opens offline from file://.
 */
import { toVega } from './charts/compile.js';
import type { Chart } from './charts/types.js';
import { PAGE_SCRIPT, PAGE_STYLE } from './html-assets.js';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that cannot end its <script> element early. */
const jsonForScript = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const inlineScript = (js: string): string => js.replace(/<\/script/gi, '<\\/script');

/** One figure per chart; the page script draws each into its `chart-<id>` element. */
export function chartFigures(charts: readonly Chart[]): string {
  return charts
    .map(
      (c) => `<figure class="chart" id="figure-${esc(c.id)}">
<div class="chart-view" id="chart-${esc(c.id)}" data-chart="${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></div>
<figcaption>${esc(c.caption)}</figcaption>
</figure>`,
    )
    .join('\n');
}

export function htmlPage(page: { title: string; body: string; charts: readonly Chart[]; vegaScript: string }): string {
  const specs = Object.fromEntries(page.charts.map((c) => [c.id, toVega(c.spec)]));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(page.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
${page.body}
</main>
<script type="application/json" id="chart-specs">${jsonForScript(specs)}</script>
<script>${inlineScript(page.vegaScript)}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
