/**
 * What the client sidecar sends: the DestinationRule's `tls.mode` when it sets one, otherwise
 * Istio's auto-mTLS (mTLS unless the server sidecar only takes plaintext). A setting that the
 * server sidecar would refuse is an error here, not a benchmark full of failed requests.
 */
import { BadInputError } from '../../errors.js';
import type { ClientTlsMode, InboundPolicy, MtlsMode } from '../policy.js';
import type { DestinationRuleTranslation } from './destination-rule.js';
import { resourceError } from './problems.js';
import { WORKLOAD_PORT } from './workload.js';

const REFUSED_BY: Readonly<Record<ClientTlsMode, MtlsMode>> = { ISTIO_MUTUAL: 'DISABLE', DISABLE: 'STRICT' };

export function clientTlsMode(
  rule: DestinationRuleTranslation | undefined,
  inbound: Readonly<Record<string, InboundPolicy>>,
  source: string,
): ClientTlsMode {
  const serverModes = Object.entries(inbound).map(([version, p]) => ({ version, mode: p.portModes[WORKLOAD_PORT] ?? p.mode }));
  const chosen = rule?.tlsMode;
  if (rule && chosen) {
    const refusing = serverModes.filter((s) => s.mode === REFUSED_BY[chosen]).map((s) => s.version);
    if (refusing.length > 0) throw resourceError(rule.resource, source, [tlsConflict(chosen, refusing)]);
    return chosen;
  }
  const plaintextOnly = serverModes.filter((s) => s.mode === 'DISABLE').map((s) => s.version);
  if (plaintextOnly.length === 0) return 'ISTIO_MUTUAL';
  if (plaintextOnly.length === serverModes.length) return 'DISABLE';
  throw new BadInputError(
    `${source}: PeerAuthentication makes ${plaintextOnly.join(', ')} DISABLE and the other versions accept mTLS; ` +
      "Istio's auto-mTLS would pick per version, but meshtax's client sidecar has one TLS setting for the service.",
    'Give every version a mode of the same kind (all DISABLE, or none).',
  );
}

function tlsConflict(mode: ClientTlsMode, versions: readonly string[]): string {
  const what = mode === 'ISTIO_MUTUAL' ? 'originates mTLS' : 'sends plaintext';
  return (
    `spec.trafficPolicy.tls.mode: ${mode} ${what}, but PeerAuthentication makes ${versions.join(', ')} ${REFUSED_BY[mode]}, ` +
    'so the server sidecar would refuse every request'
  );
}
