/**
 * One ztunnel, standalone: no control plane (`XDS_ADDRESS` empty, workloads from a local file), the
 * compiled-in test CA (`FAKE_CA`, needs the `testing` build), dedicated mode (it proxies the one
 * workload of its network namespace), its own sockets marked so capture skips them. Its ports are
 * fixed (15001 outbound, 15006 inbound, 15008 HBONE, 15020 stats, 15021 readiness), so each runs in
 * its own network namespace. Its log goes to a file: it writes a line per connection.
 */
import http from 'node:http';
import { EnvironmentError } from '../errors.js';
import { spawnChild, type Child, type CommandWrapper, type RunContext } from '../process/index.js';
import { ZTUNNEL_PACKET_MARK } from './workloads.js';

export const ZTUNNEL_PORTS = { outbound: 15001, inbound: 15006, hbone: 15008, stats: 15020, readiness: 15021 } as const;

export interface ZtunnelSpec {
  readonly binary: string;
  readonly name: string;
  readonly wrap: CommandWrapper;
  /** The node's address: where the harness reaches its stats and readiness ports. */
  readonly address: string;
  readonly workloadsFile: string;
  readonly logFile: string;
  /** `<namespace>/<pod>/<service account>` of the workload it serves. */
  readonly workload: string;
  readonly workerThreads: number;
  readonly readyTimeoutMs?: number;
}

export interface Ztunnel {
  readonly child: Child;
  readonly name: string;
  readonly statsUrl: string;
  readonly logFile: string;
}

export async function startZtunnel(ctx: RunContext, spec: ZtunnelSpec): Promise<Ztunnel> {
  const env = {
    FAKE_CA: 'true',
    XDS_ADDRESS: '',
    LOCAL_XDS_PATH: spec.workloadsFile,
    PROXY_MODE: 'dedicated',
    PROXY_WORKLOAD_INFO: spec.workload,
    PACKET_MARK: String(ZTUNNEL_PACKET_MARK),
    ZTUNNEL_WORKER_THREADS: String(spec.workerThreads),
    IPV6_ENABLED: 'false',
    // Without Istio's in-pod routing rules, a reply to a spoofed original source would leave the node.
    ENABLE_ORIG_SRC: 'false',
    RUST_LOG: 'info',
  };
  // `exec` keeps the pid ztunnel's, for the probes.
  const child = spawnChild(ctx, { name: spec.name, file: 'sh', args: ['-c', 'exec "$1" >>"$0" 2>&1', spec.logFile, spec.binary], wrap: spec.wrap, env });
  const readyUrl = `http://${spec.address}:${ZTUNNEL_PORTS.readiness}/healthz/ready`;
  await waitReady(ctx, child, readyUrl, spec.readyTimeoutMs ?? 20_000, spec.logFile);
  return { child, name: spec.name, statsUrl: `http://${spec.address}:${ZTUNNEL_PORTS.stats}/stats/prometheus`, logFile: spec.logFile };
}

async function waitReady(ctx: RunContext, child: Child, url: string, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !ctx.signal.aborted) {
    if ((await getText(url, 1000).catch(() => undefined))?.status === 200) return;
    if (child.process.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new EnvironmentError(`${child.name} was not ready (${url}) within ${timeoutMs} ms.`, `Its log is ${logFile}.`);
}

/** GET over the harness's host link; bounded. */
export function getText(url: string, timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/** The stats endpoint's Prometheus text. */
export async function ztunnelStats(z: Pick<Ztunnel, 'statsUrl'>): Promise<string> {
  const { status, body } = await getText(z.statsUrl);
  if (status !== 200) throw new EnvironmentError(`${z.statsUrl} answered ${status}`);
  return body;
}

/** Peer identities in `istio_tcp_connections_opened_total` (source and destination principals). */
export function principalsIn(stats: string): { readonly sources: string[]; readonly destinations: string[] } {
  const sources = new Set<string>();
  const destinations = new Set<string>();
  for (const line of stats.split('\n')) {
    if (!line.startsWith('istio_tcp_connections_opened_total{')) continue;
    const src = /source_principal="([^"]*)"/.exec(line)?.[1];
    const dst = /destination_principal="([^"]*)"/.exec(line)?.[1];
    if (src && src !== 'unknown') sources.add(src);
    if (dst && dst !== 'unknown') destinations.add(dst);
  }
  return { sources: [...sources], destinations: [...destinations] };
}
