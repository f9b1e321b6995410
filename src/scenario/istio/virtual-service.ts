/**
 * VirtualService → the client sidecar's routes: matches (uri, headers), weighted destinations
 * (subsets of the DestinationRule), timeout, retries and fault injection. Routes are tried in
 * order and the first match wins, as in Istio.
 */
import { z } from 'zod';
import type { FaultPolicy, HeaderMatch, HttpRoute, RetryPolicy, RouteMatch } from '../policy.js';
import { istioDurationMs } from './duration.js';
import { describeResource, type IstioResource } from './parse.js';
import { istioObject, readResource } from './problems.js';
import { NETWORKING_API_VERSIONS, resourceEnvelope, serviceHost, WORKLOAD_PORT, type IstioWorkload } from './workload.js';

/** The subsets a route may name, and which resource defined them (for messages). */
export interface KnownSubsets {
  readonly names: readonly string[];
  readonly definedBy?: IstioResource;
}

// Istio's default `retryOn`, with 503 as the retriable status code.
const ISTIO_DEFAULT_RETRY_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';
const RETRY_CONDITIONS = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx',
  'refused-stream', 'retriable-status-codes', 'retriable-headers', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
const HTTP_STATUS = /^[1-5]\d\d$/;

function oneOf<S extends z.ZodRawShape>(shape: S) {
  const keys = Object.keys(shape);
  return istioObject(shape).refine((m) => Object.values(m).filter((v) => v !== undefined).length === 1, {
    error: `needs exactly one of ${keys.join(', ')}`,
  });
}

const uriMatch = oneOf({ exact: z.string().optional(), prefix: z.string().optional() });
const headerMatch = oneOf({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  regex: z.string().refine(isRe2, 'is not a regular expression Envoy accepts (RE2: no lookarounds, no backreferences)').optional(),
});

const matchSchema = istioObject({
  uri: uriMatch.optional(),
  headers: z.record(z.string().regex(/^[a-z0-9:_-][a-z0-9_.-]*$/, 'header names must be lower case, as Istio requires'), headerMatch).optional(),
});

const retryOnSchema = z.string().superRefine((text, ctx) => {
  const unknown = tokens(text).filter((t) => !HTTP_STATUS.test(t) && !RETRY_CONDITIONS.has(t));
  if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown retry condition ${unknown.join(', ')}; use Envoy's (5xx, reset, connect-failure, …) or HTTP status codes` });
});

const retriesSchema = istioObject({
  attempts: z.number().int().min(0),
  perTryTimeout: istioDurationMs({ allowZero: false }).optional(),
  retryOn: retryOnSchema.optional(),
});

const percentage = istioObject({ value: z.number().min(0).max(100) });
const faultSchema = istioObject({
  delay: istioObject({ fixedDelay: istioDurationMs({ allowZero: false }), percentage }).optional(),
  abort: istioObject({ httpStatus: z.number().int().min(200).max(599), percentage }).optional(),
}).refine((f) => f.delay !== undefined || f.abort !== undefined, { error: 'needs a delay, an abort or both' });

function destinationSchema(workload: IstioWorkload, subsets: KnownSubsets) {
  return istioObject({
    host: serviceHost(workload),
    subset: z.string().refine((s) => subsets.names.includes(s), { error: (issue) => missingSubset(String(issue.input), subsets) }).optional(),
    port: istioObject({ number: z.literal(WORKLOAD_PORT) }).optional(),
  });
}

function httpRouteSchema(workload: IstioWorkload, subsets: KnownSubsets) {
  const weighted = istioObject({ destination: destinationSchema(workload, subsets), weight: z.number().int().min(0).max(100).optional() });
  return istioObject({
    name: z.string().min(1).optional(),
    match: z.array(matchSchema).optional(),
    route: z.array(weighted).min(1),
    timeout: istioDurationMs({ allowZero: true }).optional(),
    retries: retriesSchema.optional(),
    fault: faultSchema.optional(),
  }).superRefine((route, ctx) => {
    for (const problem of weightProblems(route.route.map((d) => d.weight))) ctx.addIssue({ code: 'custom', ...problem });
  });
}

function specSchema(workload: IstioWorkload, subsets: KnownSubsets) {
  return istioObject({
    // Only the service's own names: another host would be routed by rules meshtax never exercises.
    hosts: z.array(serviceHost(workload)).min(1),
    http: z.array(httpRouteSchema(workload, subsets)).min(1),
  });
}

function weightProblems(weights: ReadonlyArray<number | undefined>): Array<{ path: PropertyKey[]; message: string }> {
  if (weights.length === 1) {
    const [only] = weights;
    return only === undefined || only === 100 ? [] : [{ path: ['route', 0, 'weight'], message: 'a single destination receives all traffic; leave weight out or set it to 100' }];
  }
  const missing = weights.flatMap((w, i) => (w === undefined ? [{ path: ['route', i, 'weight'], message: 'is required when a route has more than one destination' }] : []));
  const total = weights.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  return missing.length > 0 || total === 100 ? missing : [{ path: ['route'], message: `weights add up to ${total}; they must add up to 100` }];
}

function missingSubset(subset: string, known: KnownSubsets): string {
  if (!known.definedBy) return `subset ${JSON.stringify(subset)} needs a DestinationRule for the service that defines it; there is none`;
  const defined = known.names.length > 0 ? `which defines ${known.names.join(', ')}` : 'which defines no subsets';
  return `subset ${JSON.stringify(subset)} is not defined by ${describeResource(known.definedBy)}, ${defined}`;
}

export function readVirtualService(resource: IstioResource, workload: IstioWorkload, subsets: KnownSubsets, source: string): HttpRoute[] {
  const schema = resourceEnvelope(NETWORKING_API_VERSIONS, 'VirtualService', [workload.namespace], specSchema(workload, subsets));
  return readResource(schema, resource, source).spec.http.map((route, i) => ({
    name: route.name ?? `http-${i}`,
    matches: (route.match ?? []).map(routeMatch),
    destinations: route.route.map((d) => ({ subset: d.destination.subset ?? '', weight: d.weight ?? 100 })),
    timeoutMs: route.timeout,
    retries: route.retries && retryPolicy(route.retries),
    fault: route.fault && faultPolicy(route.fault),
  }));
}

function routeMatch(match: z.output<typeof matchSchema>): RouteMatch {
  const headers: HeaderMatch[] = Object.entries(match.headers ?? {}).map(([name, m]) => ({ name, ...m }));
  return { uriExact: match.uri?.exact, uriPrefix: match.uri?.prefix, headers };
}

function retryPolicy(retries: z.output<typeof retriesSchema>): RetryPolicy {
  const given = tokens(retries.retryOn ?? '');
  const all = given.length > 0 ? given : tokens(ISTIO_DEFAULT_RETRY_ON);
  const codes = given.length > 0 ? all.filter((t) => HTTP_STATUS.test(t)).map(Number) : [503];
  const conditions = all.filter((t) => !HTTP_STATUS.test(t));
  if (codes.length > 0 && !conditions.includes('retriable-status-codes')) conditions.push('retriable-status-codes');
  return {
    attempts: retries.attempts,
    perTryTimeoutMs: retries.perTryTimeout,
    retryOn: conditions.join(','),
    ...(codes.length > 0 ? { retriableStatusCodes: codes } : {}),
  };
}

function faultPolicy(fault: z.output<typeof faultSchema>): FaultPolicy {
  return {
    delay: fault.delay && { fixedDelayMs: fault.delay.fixedDelay, percent: fault.delay.percentage.value },
    abort: fault.abort && { httpStatus: fault.abort.httpStatus, percent: fault.abort.percentage.value },
  };
}

const tokens = (text: string) => text.split(',').map((t) => t.trim()).filter((t) => t !== '');

// Envoy matches with RE2, which has no lookarounds or backreferences; JavaScript would accept them.
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

function isRe2(pattern: string): boolean {
  if (NOT_RE2.test(pattern)) return false;
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}
