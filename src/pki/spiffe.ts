/** Names and SPIFFE identities of workloads, as Istio spells them. Pure. */
import { BadInputError } from '../errors.js';

/** A SPIFFE trust domain: lowercase letters, digits, dots, dashes and underscores (SPIFFE spec). */
const TRUST_DOMAIN = /^[a-z0-9._-]+$/;
/** A Kubernetes namespace or service-account name: an RFC 1123 label (at most 63 characters). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Raised for inputs the caller can fix: the message names the field and what was expected. Exit 2. */
export class PkiInputError extends BadInputError {}

export function assertTrustDomain(trustDomain: string): void {
  if (!TRUST_DOMAIN.test(trustDomain) || trustDomain.length > 255) {
    throw new PkiInputError(
      `trust domain "${trustDomain}" is not valid: use lowercase letters, digits, ".", "-" and "_" (e.g. "cluster.local")`,
    );
  }
}

/** Checks a name used as a namespace, service account or workload (file) name. */
export function assertDnsLabel(field: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw new PkiInputError(
      `${field} "${value}" is not valid: use 1–63 lowercase letters, digits and "-", starting and ending with a letter or digit`,
    );
  }
}

/** The SPIFFE id Istio gives a workload: `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  assertTrustDomain(trustDomain);
  assertDnsLabel('namespace', namespace);
  assertDnsLabel('service account', serviceAccount);
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
