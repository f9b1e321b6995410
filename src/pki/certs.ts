/**
 * Certificate generation in memory: a run CA and workload certificates signed by it.
 * No file system here; `run-pki.ts` writes the results.
 */
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Node's webcrypto implements the DOM Crypto interface; only the two type declarations differ.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const KEY_ALGORITHM: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING_ALGORITHM: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };

/** Certificates start this long before "now", so a peer whose clock lags a little accepts them. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** Default lifetime of a workload certificate (Istio's default is 24 h too). */
export const DEFAULT_WORKLOAD_VALIDITY_MS = 24 * 60 * 60_000;

/** A CA held in memory for the duration of `createRunPki`; its key is never written to disk. */
export interface CertificateAuthority {
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  /** The CA certificate, PEM. */
  readonly certPem: string;
}

/** A leaf certificate and its private key, both PEM (key as PKCS#8). */
export interface IssuedCert {
  readonly certPem: string;
  readonly keyPem: string;
}

async function newKeyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

/** RFC 5280's upper bound for a common name. */
const MAX_COMMON_NAME = 64;

/** Escapes a value for use inside an RFC 4514 distinguished-name string (cut to 64 characters). */
function dnValue(value: string): string {
  return value.slice(0, MAX_COMMON_NAME).replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`);
}

export interface CaOptions {
  /** Common name of the CA, e.g. "meshtax run CA". */
  readonly commonName: string;
  /** Organisation; Istio puts the trust domain here. */
  readonly organization: string;
  readonly now: Date;
  /** Lifetime from `now`; the CA must outlive every certificate it signs. */
  readonly validityMs: number;
}

/** Creates a self-signed root CA (ECDSA P-256, basicConstraints CA:true, pathLen 0). */
export async function createCa(options: CaOptions): Promise<CertificateAuthority> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${dnValue(options.commonName)}, O=${dnValue(options.organization)}`,
    keys,
    signingAlgorithm: SIGNING_ALGORITHM,
    notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(options.now.getTime() + options.validityMs),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, certPem: cert.toString('pem') };
}

export interface WorkloadCertOptions {
  /** The only subject alternative name: a SPIFFE URI, as Istio issues it. */
  readonly spiffeId: string;
  /** Subject common name, for humans reading the certificate (cut to 64 characters). */
  readonly commonName: string;
  readonly now: Date;
  readonly validityMs: number;
}

/**
 * Issues a workload certificate signed by `ca`: ECDSA P-256, URI SAN = SPIFFE id,
 * extKeyUsage serverAuth + clientAuth (a sidecar is both), key usage digitalSignature.
 */
export async function issueWorkloadCert(ca: CertificateAuthority, options: WorkloadCertOptions): Promise<IssuedCert> {
  const keys = await newKeyPair();
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${dnValue(options.commonName)}`,
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: SIGNING_ALGORITHM,
    notBefore: new Date(options.now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(options.now.getTime() + options.validityMs),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: options.spiffeId }]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}
