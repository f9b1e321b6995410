/**
 * The cluster's certificates: one CA (its key kept, the controller-manager signs with it), a
 * serving certificate for the API server and the kubelet, a client certificate per component,
 * and the service-account signing key. Written once under .meshtax/cluster/pki (keys 0600) and
 * kept across cluster:down, so the kubeconfig stays valid from one `up` to the next.
 */
import { webcrypto } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { layout, network, NODE_NAME } from './layout.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const VALIDITY_MS = 365 * 24 * 60 * 60_000;
const SKEW_MS = 5 * 60_000;

/** A leaf the cluster needs: who it is (CN, O = Kubernetes user and groups) and where it serves. */
export interface LeafSpec {
  readonly file: string;
  readonly commonName: string;
  readonly organization?: string;
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  readonly server?: boolean;
}

export const LEAVES: readonly LeafSpec[] = [
  {
    file: 'apiserver',
    commonName: 'kube-apiserver',
    dnsNames: ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'localhost'],
    ips: [network.nodeIp, network.apiServiceIp, '127.0.0.1'],
    server: true,
  },
  // The kubelet's serving certificate names the node IP, or `kubectl logs/exec` fail.
  { file: 'kubelet-serving', commonName: NODE_NAME, dnsNames: [NODE_NAME, 'localhost'], ips: [network.nodeIp, '127.0.0.1'], server: true },
  { file: 'admin', commonName: 'meshtax-admin', organization: 'system:masters' },
  { file: 'apiserver-kubelet-client', commonName: 'kube-apiserver-kubelet-client', organization: 'system:masters' },
  { file: 'controller-manager', commonName: 'system:kube-controller-manager' },
  { file: 'scheduler', commonName: 'system:kube-scheduler' },
  { file: 'kubelet', commonName: `system:node:${NODE_NAME}`, organization: 'system:nodes' },
  { file: 'kube-proxy', commonName: 'system:kube-proxy' },
];

export const pkiFile = (name: string) => path.join(layout.pki, name);
const exists = (file: string) => access(file).then(() => true, () => false);

async function keyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(pem)[0]!, KEY, true, ['sign']);
}

interface Ca {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
}

async function loadOrCreateCa(): Promise<Ca> {
  if (await exists(pkiFile('ca.key'))) {
    const cert = new x509.X509Certificate(await readFile(pkiFile('ca.crt'), 'utf8'));
    return { cert, key: await importKey(await readFile(pkiFile('ca.key'), 'utf8')) };
  }
  const keys = await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=meshtax local cluster CA',
    keys,
    signingAlgorithm: SIGNING,
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + VALIDITY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeFile(pkiFile('ca.key'), await keyPem(keys.privateKey), { mode: 0o600 });
  await writeFile(pkiFile('ca.crt'), cert.toString('pem'));
  return { cert, key: keys.privateKey };
}

async function issue(ca: Ca, spec: LeafSpec): Promise<void> {
  const keys = await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify']);
  const now = Date.now();
  const names = [
    ...(spec.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${spec.commonName}${spec.organization ? `, O=${spec.organization}` : ''}`,
    issuer: ca.cert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: SIGNING,
    notBefore: new Date(now - SKEW_MS),
    notAfter: new Date(now + VALIDITY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([spec.server ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
      ...(names.length ? [new x509.SubjectAlternativeNameExtension(names)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  await writeFile(pkiFile(`${spec.file}.key`), await keyPem(keys.privateKey), { mode: 0o600 });
  await writeFile(pkiFile(`${spec.file}.crt`), cert.toString('pem'));
}

/** Creates whatever of the cluster's PKI is missing; returns how many files it wrote. */
export async function ensureClusterPki(): Promise<number> {
  await mkdir(layout.pki, { recursive: true, mode: 0o700 });
  let written = 0;
  const ca = await loadOrCreateCa();
  for (const leaf of LEAVES) {
    if (await exists(pkiFile(`${leaf.file}.crt`))) continue;
    await issue(ca, leaf);
    written++;
  }
  if (!(await exists(pkiFile('service-account.key')))) {
    const keys = await webcrypto.subtle.generateKey(KEY, true, ['sign', 'verify']);
    await writeFile(pkiFile('service-account.key'), await keyPem(keys.privateKey), { mode: 0o600 });
    const spki = await webcrypto.subtle.exportKey('spki', keys.publicKey);
    await writeFile(pkiFile('service-account.pub'), x509.PemConverter.encode(spki, 'PUBLIC KEY'));
    written++;
  }
  return written;
}

/** A kubeconfig for one component, with its client certificate inline. */
export async function kubeconfigFor(leaf: string, user: string): Promise<string> {
  const b64 = async (file: string) => Buffer.from(await readFile(pkiFile(file))).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: meshtax-local',
    '  cluster:',
    `    server: https://${network.nodeIp}:${network.apiPort}`,
    `    certificate-authority-data: ${await b64('ca.crt')}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate-data: ${await b64(`${leaf}.crt`)}`,
    `    client-key-data: ${await b64(`${leaf}.key`)}`,
    'contexts:',
    '- name: meshtax-local',
    '  context:',
    '    cluster: meshtax-local',
    `    user: ${user}`,
    'current-context: meshtax-local',
    '',
  ].join('\n');
}
