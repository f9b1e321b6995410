/** Mutual TLS between the harness and a remote load agent: the run's CA on both sides, each checking the other's SPIFFE id. */
import type { PeerCertificate } from 'node:tls';

export interface AgentTls {
  /** PEM contents (not paths): this side's certificate, its key, and the run CA that signed the peer's. */
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  /** The SPIFFE id the peer's certificate must carry (its URI SAN). */
  readonly peerId: string;
}

/** The URI SAN of a certificate, as a sidecar's SAN matcher reads it. */
export function spiffeIdOf(cert: PeerCertificate | undefined): string | undefined {
  return /URI:([^,\s]+)/.exec(cert?.subjectaltname ?? '')?.[1];
}

/** Why the peer is not who it must be; undefined when it is. */
export function wrongPeer(cert: PeerCertificate | undefined, want: string): string | undefined {
  const got = spiffeIdOf(cert);
  return got === want ? undefined : `its certificate names ${got ?? 'no SPIFFE id'}, want ${want}`;
}
