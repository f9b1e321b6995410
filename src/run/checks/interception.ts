/**
 * Interception is verified, not assumed (scenarios with `sidecar.interception: iptables`):
 * - a plaintext client on the client node that is not in the mesh (it runs as the proxy group, so
 *   the capture lets it through) calls the server's app port: with STRICT it must be refused —
 *   the server's capture sends it to the sidecar, which takes mTLS only; no path around the sidecar;
 * - a plaintext client on the client node that is in the mesh (an ordinary process, as the app
 *   side) calls the service address and is served through the sidecars (Envoy's `server` header);
 * - after the trials, the iptables redirect counters of both nodes moved.
 */
import { execa } from 'execa';
import type { MtlsMode } from '../../scenario/index.js';
import type { CaptureCounts, Deployment, DeployedInterception } from '../../targets/index.js';
import type { CommandWrapper } from '../../process/index.js';
import type { Check } from '../../record/schema.js';

const PROBE_TIMEOUT_MS = 10_000;

/** One GET from a short-lived Node process on a node; prints `{status, server}` or `{error}`. */
const GET_SCRIPT = `
const http = require('node:http');
const req = http.get(process.argv[1], { timeout: 3000, agent: false }, (res) => {
  res.resume();
  res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, server: res.headers.server ?? null })));
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (e) => console.log(JSON.stringify({ error: e.code ?? e.message })));
`;

type Probe = { status: number; server: string | null } | { error: string };

async function getFromNode(wrap: CommandWrapper, url: string): Promise<Probe> {
  const { file, args } = wrap(process.execPath, ['-e', GET_SCRIPT, url]);
  const result = await execa(file, args, { reject: false, timeout: PROBE_TIMEOUT_MS, cleanup: true, stdin: 'ignore' });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as Probe;
  } catch {
    return { error: `probe failed: ${(result.stderr || result.shortMessage || '').split('\n')[0]}` };
  }
}

const describe = (p: Probe) => ('error' in p ? `refused (${p.error})` : `served (HTTP ${p.status}${p.server ? `, server: ${p.server}` : ''})`);

/** The checks that need no load: the bypass is closed, the app side goes through its sidecar. HTTP scenarios only. */
export async function interceptionChecks(deployment: Deployment, mode: MtlsMode, appSideWrap: CommandWrapper): Promise<Check[]> {
  const capture = deployment.interception;
  if (!capture) return [];
  const url = `http://${capture.service.address}:${capture.service.port}/`;
  const outside = await getFromNode(capture.wrapUncaptured, url);
  const refused = 'error' in outside || outside.status !== 200;
  const bypass: Check = {
    name: `interception: plaintext client on the client node outside the mesh → server app port (${mode})`,
    passed: mode === 'STRICT' ? refused : !refused,
    detail: `${describe(outside)}; expected ${mode === 'STRICT' ? 'refused: the server capture hands it to the sidecar, which takes mTLS only' : 'served (not STRICT)'}`,
  };
  const inside = await getFromNode(appSideWrap, url);
  const viaSidecar = !('error' in inside) && inside.status === 200 && inside.server === 'istio-envoy';
  const appSide: Check = {
    name: 'interception: the app side calls the service address with no mesh settings and is served through its sidecar',
    passed: viaSidecar,
    detail: `${describe(inside)}; expected HTTP 200 with server: istio-envoy (set by the sidecar)`,
  };
  return [bypass, appSide];
}

export async function captureCounts(capture: DeployedInterception | undefined): Promise<{ client: CaptureCounts; server: CaptureCounts } | undefined> {
  return capture ? capture.counters() : undefined;
}

/** After the trials: both nodes' redirect rules counted the mesh's connections. */
export function counterCheck(before: { client: CaptureCounts; server: CaptureCounts }, after: { client: CaptureCounts; server: CaptureCounts }): Check {
  const outbound = after.client.outboundRedirectPackets - before.client.outboundRedirectPackets;
  const inbound = after.server.inboundRedirectPackets - before.server.inboundRedirectPackets;
  return {
    name: 'interception: iptables redirect counters moved during the trials (client → 15001, server → 15006)',
    passed: outbound > 0 && inbound > 0,
    detail: `client ISTIO_REDIRECT +${outbound} connections, server ISTIO_IN_REDIRECT +${inbound} connections`,
  };
}
