import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { projectRoot } from '../../paths.js';
import { fixtureRecord } from '../../testing/records.js';
import { toOpenMetrics } from './openmetrics.js';

const DASHBOARD = path.join(projectRoot, 'infra', 'grafana', 'meshtax-history.json');

// The parts of Grafana's dashboard model (schemaVersion 39) that an import needs.
const Target = z.object({ refId: z.string(), expr: z.string(), datasource: z.object({ type: z.literal('prometheus'), uid: z.string() }) });
const Dashboard = z.object({
  uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.number().int().min(36),
  templating: z.object({ list: z.array(z.object({ name: z.string(), type: z.string() })) }),
  panels: z.array(
    z.object({
      id: z.number().int(),
      type: z.string(),
      title: z.string(),
      gridPos: z.object({ h: z.number(), w: z.number().max(24), x: z.number(), y: z.number() }),
      targets: z.array(Target).min(1),
    }),
  ),
});

describe('the Grafana dashboard of the history', () => {
  it('loads as a dashboard and queries only metrics the OpenMetrics export writes', () => {
    const dashboard = Dashboard.parse(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    const exported = new Set([...toOpenMetrics(fixtureRecord()).matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/\bmeshtax_[a-z_]+/g)].map((m) => m[0])));
    expect(queried.length).toBeGreaterThan(5);
    for (const metric of queried) expect(exported, `${metric} is queried but not exported`).toContain(metric);
    const variables = new Set(dashboard.templating.list.map((v) => v.name));
    for (const t of dashboard.panels.flatMap((p) => p.targets)) for (const [, v] of t.expr.matchAll(/\$(\w+)/g)) expect(variables).toContain(v);
  });
});
