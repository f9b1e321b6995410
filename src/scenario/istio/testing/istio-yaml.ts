/** Test support: Istio documents built from objects, and translation with a default workload. Not used by the product. */
import { stringify } from 'yaml';
import type { MeshPolicy } from '../../policy.js';
import { parseIstioYaml } from '../parse.js';
import { translateIstio } from '../translate.js';
import type { IstioWorkload } from '../workload.js';

export const SOURCE = 'scenarios/x.istio.yaml';
export const WORKLOAD: IstioWorkload = { serviceName: 'sample-api', namespace: 'default', versions: ['v1'] };
export const CANARY_WORKLOAD: IstioWorkload = { ...WORKLOAD, versions: ['v1', 'v2'] };

type Doc = Record<string, unknown>;

export function peerAuthentication(spec: Doc, metadata: Doc = {}): Doc {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'default', ...metadata }, spec };
}

export function destinationRule(spec: Doc, metadata: Doc = {}): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'sample-api', ...metadata }, spec: { host: 'sample-api', ...spec } };
}

export function virtualService(spec: Doc, metadata: Doc = {}): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'sample-api', ...metadata }, spec: { hosts: ['sample-api'], ...spec } };
}

export const subsets = (...versions: string[]) => versions.map((v) => ({ name: v, labels: { version: v } }));

export function yamlOf(...docs: Doc[]): string {
  return docs.map((d) => stringify(d)).join('---\n');
}

export function translate(docs: Doc[], workload: IstioWorkload = WORKLOAD): MeshPolicy {
  return translateIstio(parseIstioYaml(yamlOf(...docs), SOURCE), workload, SOURCE);
}

/** The message of the error that translating `yaml` throws (fails the test when nothing is thrown). */
export function translationError(yaml: string, workload: IstioWorkload = WORKLOAD): string {
  try {
    translateIstio(parseIstioYaml(yaml, SOURCE), workload, SOURCE);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the translation to fail, but it succeeded');
}

/** One of every feature meshtax translates, for the translation tests and Envoy's validation. */
export const EVERY_FEATURE: Doc[] = [
  peerAuthentication({ mtls: { mode: 'STRICT' } }, { namespace: 'istio-system' }),
  peerAuthentication({ mtls: { mode: 'UNSET' } }),
  peerAuthentication(
    { selector: { matchLabels: { app: 'sample-api', version: 'v2' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } },
    { name: 'v2-permissive-port' },
  ),
  destinationRule({
    subsets: subsets('v1', 'v2'),
    trafficPolicy: {
      tls: { mode: 'ISTIO_MUTUAL' },
      loadBalancer: { simple: 'LEAST_REQUEST' },
      connectionPool: {
        tcp: { maxConnections: 100, connectTimeout: '250ms' },
        http: { http1MaxPendingRequests: 50, http2MaxRequests: 200, maxRequestsPerConnection: 10 },
      },
    },
  }),
  virtualService({
    http: [
      {
        name: 'to-v2',
        match: [{ headers: { 'x-canary': { exact: 'yes' } } }, { uri: { prefix: '/v2/' }, headers: { 'x-user': { regex: 'tester-[0-9]+' } } }],
        route: [{ destination: { host: 'sample-api', subset: 'v2', port: { number: 8080 } } }],
        timeout: '1.5s',
        retries: { attempts: 3, perTryTimeout: '500ms', retryOn: 'gateway-error,connect-failure,503' },
      },
      {
        name: 'slow',
        match: [{ uri: { exact: '/slow' } }, { headers: { 'x-env': { prefix: 'stag' } } }],
        route: [{ destination: { host: 'sample-api.default.svc.cluster.local', subset: 'v1' } }],
        fault: { delay: { fixedDelay: '5ms', percentage: { value: 12.5 } }, abort: { httpStatus: 503, percentage: { value: 0.1 } } },
        retries: { attempts: 2 },
      },
      {
        route: [
          { destination: { host: 'sample-api', subset: 'v1' }, weight: 75 },
          { destination: { host: 'sample-api', subset: 'v2' }, weight: 25 },
        ],
      },
    ],
  }),
];
