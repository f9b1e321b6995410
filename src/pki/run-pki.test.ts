import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunPki, PkiInputError, removeRunPki, spiffeId, workloadCert, type RunPki } from './index.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

let root: string;
let pki: RunPki;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'meshtax-pki-test-'));
  pki = await createRunPki({
    dir: path.join(root, 'run'),
    workloads: [
      { name: 'client', namespace: 'default', serviceAccount: 'sleep' },
      { name: 'server', namespace: 'bench', serviceAccount: 'sample-api' },
    ],
    foreignCa: true,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function certOf(file: string): Promise<X509Certificate> {
  return new X509Certificate(await readFile(file, 'utf8'));
}

describe('createRunPki', () => {
  it('writes ca.pem and a cert and key per workload into a 0700 directory', async () => {
    expect(path.isAbsolute(pki.dir)).toBe(true);
    expect((await stat(pki.dir)).mode & 0o777).toBe(0o700);
    expect((await readdir(pki.dir)).sort()).toEqual([
      'ca.pem',
      'client.cert.pem',
      'client.key.pem',
      'foreign-ca.pem',
      'foreign.cert.pem',
      'foreign.key.pem',
      'server.cert.pem',
      'server.key.pem',
    ]);
    expect(pki.caPath).toBe(path.join(pki.dir, 'ca.pem'));
    expect(pki.trustDomain).toBe('cluster.local');
  });

  it('writes every private key with mode 0600 as PKCS#8 EC P-256', async () => {
    for (const w of [...pki.workloads, pki.foreign!.workload]) {
      expect((await stat(w.keyPath)).mode & 0o777).toBe(0o600);
      const pem = await readFile(w.keyPath, 'utf8');
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      const key = createPrivateKey(pem);
      expect(key.asymmetricKeyType).toBe('ec');
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
  });

  it('makes a self-signed CA that is a CA', async () => {
    const ca = await certOf(pki.caPath);
    expect(ca.ca).toBe(true);
    expect(ca.checkIssued(ca)).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
  });

  it('issues workload certs signed by the run CA with the SPIFFE URI SAN', async () => {
    const ca = await certOf(pki.caPath);
    for (const w of pki.workloads) {
      const cert = await certOf(w.certPath);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.subjectAltName).toBe(`URI:${w.spiffeId}`);
      expect(cert.keyUsage?.sort()).toEqual([SERVER_AUTH, CLIENT_AUTH].sort());
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(cert.checkPrivateKey(createPrivateKey(await readFile(w.keyPath, 'utf8')))).toBe(true);
    }
    expect(workloadCert(pki, 'server').spiffeId).toBe('spiffe://cluster.local/ns/bench/sa/sample-api');
    expect(workloadCert(pki, 'client').spiffeId).toBe('spiffe://cluster.local/ns/default/sa/sleep');
  });

  it('gives workload certs a short validity that already started', async () => {
    const cert = await certOf(workloadCert(pki, 'server').certPath);
    const from = new Date(cert.validFrom).getTime();
    const to = new Date(cert.validTo).getTime();
    expect(from).toBeLessThan(Date.now() - 60_000);
    expect(to - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(to - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
  });

  it('signs the foreign workload by an unrelated CA, claiming a run identity', async () => {
    const foreign = pki.foreign!;
    const runCa = await certOf(pki.caPath);
    const foreignCa = await certOf(foreign.caPath);
    const cert = await certOf(foreign.workload.certPath);
    expect(foreign.workload.name).toBe('foreign');
    expect(cert.checkIssued(foreignCa)).toBe(true);
    expect(cert.verify(foreignCa.publicKey)).toBe(true);
    expect(cert.verify(runCa.publicKey)).toBe(false);
    expect(cert.subjectAltName).toBe(`URI:${workloadCert(pki, 'client').spiffeId}`);
  });

  it('uses the trust domain it is given', async () => {
    const other = await createRunPki({
      dir: path.join(root, 'td'),
      trustDomain: 'example.org',
      workloads: [{ name: 'a', namespace: 'ns1', serviceAccount: 'sa1' }],
    });
    expect(other.foreign).toBeUndefined();
    const cert = await certOf(workloadCert(other, 'a').certPath);
    expect(cert.subjectAltName).toBe('URI:spiffe://example.org/ns/ns1/sa/sa1');
    await removeRunPki(other);
  });
});

describe('removeRunPki', () => {
  it('deletes the directory and everything in it, and may be called twice', async () => {
    const dir = path.join(root, 'removed');
    const run = await createRunPki({ dir, workloads: [{ name: 'a', namespace: 'default', serviceAccount: 'default' }], foreignCa: true });
    await removeRunPki(run);
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(removeRunPki(run)).resolves.toBeUndefined();
  });
});

describe('input errors', () => {
  const workloads = [{ name: 'a', namespace: 'default', serviceAccount: 'default' }];

  it('rejects names that are not RFC 1123 labels, before touching the disk', async () => {
    const dir = path.join(root, 'bad-name');
    await expect(createRunPki({ dir, workloads: [{ name: '../x', namespace: 'default', serviceAccount: 'default' }] })).rejects.toThrow(
      PkiInputError,
    );
    await expect(createRunPki({ dir, workloads: [{ name: 'a', namespace: 'Default', serviceAccount: 'default' }] })).rejects.toThrow(
      /namespace of workload "a"/,
    );
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects duplicate names, the reserved name "foreign" and a bad trust domain', async () => {
    const dir = path.join(root, 'bad');
    await expect(createRunPki({ dir, workloads: [...workloads, ...workloads] })).rejects.toThrow(/used twice/);
    await expect(
      createRunPki({ dir, workloads: [{ name: 'foreign', namespace: 'default', serviceAccount: 'default' }], foreignCa: true }),
    ).rejects.toThrow(/reserved/);
    await expect(createRunPki({ dir, trustDomain: 'Cluster Local', workloads })).rejects.toThrow(/trust domain/);
  });

  it('refuses a directory that already has files, and leaves them alone', async () => {
    const dir = path.join(root, 'busy');
    await mkdir(dir);
    await writeFile(path.join(dir, 'keep.txt'), 'mine');
    await expect(createRunPki({ dir, workloads })).rejects.toThrow(/not empty/);
    expect(await readFile(path.join(dir, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('says which names exist when a lookup fails', () => {
    expect(() => workloadCert(pki, 'nope')).toThrow(/known: client, server/);
    expect(spiffeId('cluster.local', 'default', 'default')).toBe('spiffe://cluster.local/ns/default/sa/default');
  });
});
