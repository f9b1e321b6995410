/** What the charts share: level labels, and facets (profiles as columns, rates as rows) when a run has several. */
import type { TopLevelSpec } from 'vega-lite';
import { COLUMN_PANEL_WIDTH, frame } from './theme.js';

type FacetSpec = Extract<TopLevelSpec, { facet: unknown }>;
/** A chart's body: a unit or layer spec with its own width and height. */
export type InnerSpec = FacetSpec['spec'];
type Facet = FacetSpec['facet'];

export interface FacetPlan {
  /** Columns: one per node profile (data field `profile`). */
  readonly profiles: readonly string[];
  /** Rows: one per value of `rows.field`, in this order. */
  readonly rows?: { readonly field: string; readonly title: string; readonly values: readonly string[] };
}

/** Columns per profile, rows per load — only for what varies. */
export function facetOf(plan: FacetPlan): Facet | null {
  const byProfile = plan.profiles.length > 1;
  const rows = plan.rows !== undefined && plan.rows.values.length > 1 ? plan.rows : null;
  if (!byProfile && rows === null) return null;
  return {
    ...(byProfile ? { column: { field: 'profile', type: 'nominal', title: 'Node profile', sort: [...plan.profiles] } } : {}),
    ...(rows !== null ? { row: { field: rows.field, type: 'nominal', title: rows.title, sort: [...rows.values] } } : {}),
  };
}

/** Rows per load level (rate and connection churn): data rows need `loadLabel`. */
export const loadRows = (values: readonly string[]) => ({ field: 'loadLabel', title: 'Load', values });

export interface ComposeOptions {
  readonly title: string;
  readonly subtitle: string;
  readonly description: string;
  readonly values: readonly object[];
  readonly facet: Facet | null;
  readonly inner: InnerSpec;
}

/** A top-level spec: the inner chart alone, or repeated per facet cell. */
export function compose(o: ComposeOptions): TopLevelSpec {
  const head = { ...frame(o.title, o.subtitle), description: o.description, data: { values: [...o.values] } };
  if (o.facet !== null) {
    const inner = 'column' in o.facet ? { ...o.inner, width: COLUMN_PANEL_WIDTH } : o.inner;
    return { ...head, facet: o.facet, spec: inner, resolve: { axis: { x: 'independent' } } };
  }
  return { ...head, ...o.inner } as TopLevelSpec;
}
