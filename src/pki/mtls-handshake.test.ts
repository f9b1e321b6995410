// A real mutual-TLS handshake with node:tls, the way two sidecars meet: both sides present a
// workload certificate and trust only the run CA. A certificate from another CA is refused.
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRunPki, removeRunPki, workloadCert, type RunPki, type WorkloadCert } from './index.js';

interface Credentials {
  readonly key: string;
  readonly cert: string;
  readonly ca: string;
}

let root: string;
let pki: RunPki;
let server: tls.Server;
let port: number;
/** What the server saw: the peer's SPIFFE id per accepted connection, the error per refused one. */
const accepted: string[] = [];
const refused: string[] = [];

async function credentials(w: WorkloadCert, caPath: string): Promise<Credentials> {
  const [key, cert, ca] = await Promise.all([readFile(w.keyPath, 'utf8'), readFile(w.certPath, 'utf8'), readFile(caPath, 'utf8')]);
  return { key, cert, ca };
}

/** The URI SAN a peer certificate carries, as Envoy's SAN matcher would read it. */
function uriSan(cert: tls.PeerCertificate): string | undefined {
  return /URI:([^,\s]+)/.exec(cert.subjectaltname ?? '')?.[1];
}

/** Connects, sends "ping" and resolves with the reply, or rejects with the TLS error. */
function ping(creds: Credentials, expectedServerId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      ...creds,
      // The server has no DNS name: like a sidecar, check its SPIFFE id instead.
      checkServerIdentity: (_host, cert) =>
        uriSan(cert) === expectedServerId ? undefined : new Error(`server is ${uriSan(cert) ?? 'nobody'}, want ${expectedServerId}`),
    });
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('secureConnect', () => socket.write('ping'));
    socket.on('data', (chunk: string) => {
      reply += chunk;
      socket.end();
    });
    socket.on('error', reject);
    socket.on('close', () => (reply === '' ? reject(new Error('connection closed without a reply')) : resolve(reply)));
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'meshtax-mtls-test-'));
  pki = await createRunPki({
    dir: path.join(root, 'run'),
    workloads: [
      { name: 'client', namespace: 'default', serviceAccount: 'sleep' },
      { name: 'server', namespace: 'default', serviceAccount: 'sample-api' },
    ],
    foreignCa: true,
  });
  const creds = await credentials(workloadCert(pki, 'server'), pki.caPath);
  server = tls.createServer({ ...creds, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' }, (socket) => {
    accepted.push(uriSan(socket.getPeerCertificate()) ?? 'no SAN');
    socket.on('data', () => socket.end('pong'));
    socket.on('error', () => undefined);
  });
  server.on('tlsClientError', (error) => refused.push(error.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (pki) await removeRunPki(pki);
  await rm(root, { recursive: true, force: true });
});

describe('mutual TLS with run certificates', () => {
  it('succeeds when both sides hold certificates of the run CA', async () => {
    const client = await credentials(workloadCert(pki, 'client'), pki.caPath);
    await expect(ping(client, workloadCert(pki, 'server').spiffeId)).resolves.toBe('pong');
    expect(accepted).toContain('spiffe://cluster.local/ns/default/sa/sleep');
  });

  it('refuses a client whose certificate comes from a foreign CA, even with a run identity', async () => {
    const foreign = pki.foreign!;
    // The client trusts the run CA, so only the server's check can stop it.
    const client = await credentials(foreign.workload, pki.caPath);
    const before = accepted.length;
    const refusedBefore = refused.length;
    await expect(ping(client, workloadCert(pki, 'server').spiffeId)).rejects.toThrow();
    expect(accepted.length).toBe(before);
    // Node reports the refused handshake as a client error (its text varies by TLS version).
    await vi.waitFor(() => expect(refused.length).toBeGreaterThan(refusedBefore));
  });

  it('refuses a client with no certificate', async () => {
    const { ca } = await credentials(workloadCert(pki, 'client'), pki.caPath);
    await expect(ping({ ca, key: '', cert: '' }, workloadCert(pki, 'server').spiffeId)).rejects.toThrow(/certificate required|closed/);
  });

  it('lets the client refuse a server outside its trust (the wrong CA)', async () => {
    const client = await credentials(workloadCert(pki, 'client'), pki.foreign!.caPath);
    await expect(ping(client, workloadCert(pki, 'server').spiffeId)).rejects.toThrow(/self.signed|unable to (verify|get)/i);
  });
});
