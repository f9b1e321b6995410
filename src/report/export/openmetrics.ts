/**
 * The run's verdict figures as OpenMetrics text, for a Pushgateway or node_exporter's textfile
 * collector: the tax and its CI per level and percentile, each side's latency, the noise floor,
 * the budget, the verdict as a state set, and what the sidecars cost. Figures that are unknown
 * (null) are left out rather than exported as numbers.
 */
import type { ResultRecord } from '../../record/index.js';

interface Family {
  readonly name: string;
  readonly type: 'gauge' | 'stateset' | 'info';
  readonly unit?: string;
  readonly help: string;
  readonly samples: Array<{ labels: Record<string, string>; value: number; suffix?: string }>;
}

export function toOpenMetrics(record: ResultRecord): string {
  const run = { scenario: record.scenario.name, run_id: record.runId };
  const families: Family[] = [
    gauge('meshtax_tax_microseconds', 'microseconds', 'Mesh tax: mesh minus baseline latency at the percentile.', taxSamples(record, (r) => r.taxUs)),
    gauge('meshtax_tax_ci_lower_microseconds', 'microseconds', 'Lower end of the tax confidence interval.', taxSamples(record, (r) => r.ciUs[0])),
    gauge('meshtax_tax_ci_upper_microseconds', 'microseconds', 'Upper end of the tax confidence interval.', taxSamples(record, (r) => r.ciUs[1])),
    gauge('meshtax_noise_floor_microseconds', 'microseconds', 'A/A noise floor: the smallest tax this run can tell from zero.', taxSamples(record, (r) => r.noiseFloorUs)),
    gauge('meshtax_latency_microseconds', 'microseconds', 'Latency at the percentile, per path.', [
      ...taxSamples(record, (r) => r.baselineUs, { variant: 'baseline' }),
      ...taxSamples(record, (r) => r.meshUs, { variant: 'mesh' }),
    ]),
    gauge('meshtax_budget_microseconds', 'microseconds', 'The latency budget the tax is judged against.', [{ labels: run, value: record.budgetUs }]),
    {
      name: 'meshtax_verdict',
      type: 'stateset',
      help: 'The run verdict.',
      samples: (['PASS', 'FAIL', 'INCONCLUSIVE'] as const).map((v) => ({ labels: { ...run, meshtax_verdict: v }, value: record.verdict === v ? 1 : 0 })),
    },
    gauge(
      'meshtax_sidecar_millicores_per_krps',
      undefined,
      'CPU of the client and server sidecars, millicores per 1000 requests per second.',
      record.probes.flatMap((p) => (p.sidecarMillicoresPer1000Rps === null ? [] : [{ labels: { ...run, profile: p.profile }, value: p.sidecarMillicoresPer1000Rps }])),
    ),
    gauge(
      'meshtax_sidecar_rss_bytes',
      'bytes',
      'Largest resident memory of one sidecar.',
      record.probes.flatMap((p) => (p.sidecarRssMiB === null ? [] : [{ labels: { ...run, profile: p.profile }, value: Math.round(p.sidecarRssMiB * 1024 * 1024) }])),
    ),
    gauge('meshtax_run_start_timestamp_seconds', 'seconds', 'When the run started.', [{ labels: run, value: Date.parse(record.startedAt) / 1000 }]),
    { name: 'meshtax_run', type: 'info', help: 'The run: Envoy version, fidelity, state.', samples: [{ labels: { ...run, envoy_version: record.envoy.version, fidelity: record.fidelity.level, state: record.state }, value: 1, suffix: '_info' }] },
  ];
  return `${families.filter((f) => f.samples.length > 0).map(renderFamily).join('')}# EOF\n`;
}

type Row = ResultRecord['summary'][number];

function taxSamples(record: ResultRecord, value: (row: Row) => number | null, extra: Record<string, string> = {}) {
  return record.summary.flatMap((r) => {
    const v = value(r);
    if (v === null || !Number.isFinite(v)) return [];
    const labels = {
      scenario: record.scenario.name,
      run_id: record.runId,
      profile: r.profile,
      rate_rps: String(r.rateRps),
      new_connection_every: String(r.newConnectionEvery),
      percentile: String(r.percentile),
      ...extra,
    };
    return [{ labels, value: v }];
  });
}

function gauge(name: string, unit: string | undefined, help: string, samples: Family['samples']): Family {
  return { name, type: 'gauge', ...(unit ? { unit } : {}), help, samples };
}

function renderFamily(f: Family): string {
  const head = [`# TYPE ${f.name} ${f.type}`, ...(f.unit ? [`# UNIT ${f.name} ${f.unit}`] : []), `# HELP ${f.name} ${escapeHelp(f.help)}`];
  const lines = f.samples.map((s) => `${f.name}${s.suffix ?? ''}{${labelText(s.labels)}} ${numberText(s.value)}`);
  return `${[...head, ...lines].join('\n')}\n`;
}

const labelText = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join(',');

const escapeHelp = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');

const numberText = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10))));
