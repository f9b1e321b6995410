/**
 * The ambient data plane is verified, not assumed:
 * - a TLS client without a certificate, and one with a certificate of a foreign CA, open the server
 *   ztunnel's HBONE port (15008) directly: both must be refused (mutual TLS, ztunnel's CA only);
 * - a plaintext client on the client node outside the mesh (its group is let through the capture)
 *   calls the server app's port: with STRICT the server's capture hands it to ztunnel, which refuses
 *   a connection without a peer identity;
 * - an ordinary process on the client node (the app side) calls the service address and is served
 *   through the ztunnel pair;
 * - after the trials: each ztunnel's stats endpoint (15020) shows the other side's SPIFFE id, and
 *   the client node's outbound redirect counted the mesh's connections.
 */
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import type { Check } from '../../record/schema.js';
import type { CaptureCounts, DeployedAmbient, Deployment } from '../../targets/index.js';
import { principalsIn, ztunnelStats } from '../../ztunnel/index.js';
import { describeResponse, requestFromNode } from './node-request.js';

type HboneAttempt = { readonly served: boolean; readonly detail: string };

/** Opens TLS to the HBONE port and sends an HTTP/2 preface; served means ztunnel answered with HTTP/2 frames. */
function hboneAttempt(address: { address: string; port: number }, cert?: { cert: string; key: string }): Promise<HboneAttempt> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: HboneAttempt) => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(a);
    };
    const socket = tls.connect({ host: address.address, port: address.port, ALPNProtocols: ['h2'], rejectUnauthorized: false, minVersion: 'TLSv1.2', ...(cert ?? {}) }, () => {
      // An empty SETTINGS frame after the preface: a server that accepted the client answers with its own.
      socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]));
    });
    socket.setTimeout(3000, () => finish({ served: false, detail: 'refused (no answer within 3 s)' }));
    socket.on('data', () => finish({ served: true, detail: `served (HTTP/2 frames over ${socket.getProtocol() ?? 'TLS'})` }));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ served: false, detail: `refused (${e.code ?? e.message})` }));
    socket.on('close', () => finish({ served: false, detail: 'refused (closed without an answer)' }));
  });
}

export async function ambientChecks(deployment: Deployment, ambient: DeployedAmbient): Promise<Check[]> {
  const hbone = `${ambient.hbone.address}:${ambient.hbone.port}`;
  const checks: Check[] = [];
  const none = await hboneAttempt(ambient.hbone);
  checks.push({ name: `ambient mTLS: client without a certificate → server ztunnel HBONE ${hbone}`, passed: !none.served, detail: `${none.detail}; expected refused` });
  const foreign = deployment.pki.foreign?.workload;
  if (foreign) {
    const [cert, key] = await Promise.all([readFile(foreign.certPath, 'utf8'), readFile(foreign.keyPath, 'utf8')]);
    const attempt = await hboneAttempt(ambient.hbone, { cert, key });
    checks.push({ name: `ambient mTLS: client with a foreign CA certificate → server ztunnel HBONE ${hbone}`, passed: !attempt.served, detail: `${attempt.detail}; expected refused` });
  }
  const url = `http://${ambient.service.address}:${ambient.service.port}/`;
  if (deployment.interception) {
    const outside = await requestFromNode(deployment.interception.wrapUncaptured, url);
    const refused = 'error' in outside || outside.status !== 200;
    const strict = ambient.mode === 'STRICT';
    checks.push({
      name: `ambient interception: plaintext client on the client node outside the mesh → server app port (${ambient.mode})`,
      passed: strict ? refused : !refused,
      detail: `${describeResponse(outside)}; expected ${strict ? 'refused: the server capture hands it to ztunnel, which refuses a connection without a peer identity' : 'served (not STRICT)'}`,
    });
  }
  const inside = await requestFromNode(deployment.nodes.client.wrap, url);
  checks.push({
    name: 'ambient interception: the app side calls the service address with no mesh settings and is served through the ztunnels',
    passed: !('error' in inside) && inside.status === 200,
    detail: `${describeResponse(inside)}; expected HTTP 200`,
  });
  return checks;
}

/** After the trials: identities in both ztunnels' stats, and the client's captured connections. */
export async function ambientChecksAfterTrials(ambient: DeployedAmbient, counts?: { before: { client: CaptureCounts }; after: { client: CaptureCounts } }): Promise<Check[]> {
  const checks: Check[] = [];
  for (const z of ambient.ztunnels) {
    const expectedPeer = z.node === 'server' ? ambient.identities.client : ambient.identities.server;
    let seen: { sources: string[]; destinations: string[] } = { sources: [], destinations: [] };
    let problem = '';
    try {
      seen = principalsIn(await ztunnelStats(z));
    } catch (error) {
      problem = ` (stats unreadable: ${(error as Error).message})`;
    }
    const peers = z.node === 'server' ? seen.sources : seen.destinations;
    checks.push({
      name: `ambient identities: the ${z.node} ztunnel's stats (${z.statsUrl}) show the peer's SPIFFE id`,
      passed: peers.includes(expectedPeer),
      detail: `sources ${seen.sources.join(', ') || 'none'}, destinations ${seen.destinations.join(', ') || 'none'}${problem}; expected ${z.node === 'server' ? 'source' : 'destination'} ${expectedPeer}`,
    });
  }
  if (counts) {
    const outbound = counts.after.client.outboundRedirectPackets - counts.before.client.outboundRedirectPackets;
    checks.push({ name: 'ambient interception: the client node\'s redirect to ztunnel (15001) counted connections during the trials', passed: outbound > 0, detail: `client ISTIO_REDIRECT +${outbound} connections` });
  }
  return checks;
}
