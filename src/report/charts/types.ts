import type { TopLevelSpec } from 'vega-lite';

/** One chart of the report: a Vega-Lite spec plus what the page and the Markdown say about it. */
export interface Chart {
  /** File stem and HTML id: `latency-spectrum`. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences under the chart: how to read it. */
  readonly caption: string;
  readonly spec: TopLevelSpec;
}
