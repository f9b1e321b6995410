/**
 * Interception is verified, not assumed (scenarios with `sidecar.interception: iptables`):
 * - a plaintext client on the client node that is not in the mesh (it runs as the proxy group, so
 *   the capture lets it through) calls the server's app port: with STRICT it must be refused —
 *   the server's capture sends it to the sidecar, which takes mTLS only; no path around the sidecar;
 * - a plaintext client on the client node that is in the mesh (an ordinary process, as the app
 *   side) calls the service address and is served through the sidecars (Envoy's `server` header);
 * - after the trials, the iptables redirect counters of both nodes moved.
 */
import type { MtlsMode } from '../../scenario/index.js';
import type { CaptureCounts, Deployment, DeployedInterception } from '../../targets/index.js';
import type { CommandWrapper } from '../../process/index.js';
import type { Check } from '../../record/schema.js';
import { describeResponse as describe, requestFromNode as getFromNode } from './node-request.js';

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
