/**
 * mTLS is verified, not assumed: the server sidecar is called directly as a plaintext client, as a
 * client holding a certificate from a foreign CA, and as a valid workload; what each must get
 * follows from the PeerAuthentication mode.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import * as grpc from '@grpc/grpc-js';
import { loadSampleProto } from '../../app/index.js';
import type { MtlsMode } from '../../scenario/index.js';
import type { Deployment } from '../../targets/index.js';
import type { Check } from '../../record/schema.js';

type Attempt = { served: true; status: number; label: string } | { served: false; error: string };

interface ClientIdentity {
  readonly certPath: string;
  readonly keyPath: string;
}

function get(url: string, tls?: { ca: string; cert: string; key: string }): Promise<Attempt> {
  return new Promise((resolve) => {
    const options = { timeout: 3000, agent: false as const, ...(tls ? { ...tls, rejectUnauthorized: true, checkServerIdentity: () => undefined } : {}) };
    const req = (tls ? https : http).get(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve({ served: true, status: res.statusCode ?? 0, label: `HTTP ${res.statusCode ?? 0}` }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ served: false, error: error.code ?? error.message }));
  });
}

async function tlsGet(address: string, ca: string, identity: ClientIdentity): Promise<Attempt> {
  const [cert, key] = await Promise.all([readFile(identity.certPath, 'utf8'), readFile(identity.keyPath, 'utf8')]);
  return get(`https://${address}/`, { ca, cert, key });
}

/** One gRPC Echo call, plaintext or with a client certificate; served means the call succeeded. */
async function grpcCall(address: string, tls?: { ca: string; identity: ClientIdentity }): Promise<Attempt> {
  const credentials = tls
    ? grpc.credentials.createSsl(Buffer.from(tls.ca), await readFile(tls.identity.keyPath), await readFile(tls.identity.certPath), { checkServerIdentity: () => undefined })
    : grpc.credentials.createInsecure();
  const client = new grpc.Client(address, credentials);
  const { echo } = loadSampleProto();
  return new Promise((resolve) => {
    client.makeUnaryRequest(echo.path, echo.requestSerialize, echo.responseDeserialize, { message: 'check' }, { deadline: new Date(Date.now() + 3000) }, (error) => {
      client.close();
      resolve(error ? { served: false, error: grpc.status[error.code] ?? String(error.code) } : { served: true, status: 200, label: 'gRPC OK' });
    });
  });
}

const describe = (a: Attempt) => (a.served ? `served (${a.label})` : `refused (${a.error})`);

function check(name: string, attempt: Attempt, shouldServe: boolean): Check {
  const passed = shouldServe ? attempt.served && attempt.status === 200 : !attempt.served;
  return { name, passed, detail: `${describe(attempt)}; expected ${shouldServe ? 'served' : 'refused'}` };
}

/** Runs the three calls against every server sidecar; `modes` says what each workload's PeerAuthentication allows. */
export async function mtlsChecks(deployment: Deployment, modes: Readonly<Record<string, MtlsMode>>, protocol: 'http' | 'grpc'): Promise<Check[]> {
  const ca = await readFile(deployment.pki.caPath, 'utf8');
  const plain = (address: string) => (protocol === 'grpc' ? grpcCall(address) : get(`http://${address}/`));
  const withCert = (address: string, identity: ClientIdentity) => (protocol === 'grpc' ? grpcCall(address, { ca, identity }) : tlsGet(address, ca, identity));
  const valid = deployment.pki.workloads.find((w) => w.name === 'loadgen');
  const foreign = deployment.pki.foreign?.workload;
  const checks: Check[] = [];
  for (const [version, listen] of Object.entries(deployment.serverSidecars)) {
    const mode = modes[version] ?? 'PERMISSIVE';
    const address = `${listen.address}:${listen.port}`;
    const label = (what: string) => `mTLS ${mode} (${version}): ${what}`;
    checks.push(check(label('plaintext client'), await plain(address), mode !== 'STRICT'));
    if (mode === 'DISABLE') continue;
    if (foreign) checks.push(check(label('client with a foreign CA certificate'), await withCert(address, foreign), false));
    if (valid) checks.push(check(label('client with a valid workload certificate'), await withCert(address, valid), true));
  }
  return checks;
}
