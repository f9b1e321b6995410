/**
 * mTLS is verified, not assumed: the server sidecar is called directly as a plaintext client, as a
 * client holding a certificate from a foreign CA, and as a valid workload; what each must get
 * follows from the PeerAuthentication mode.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { MtlsMode } from '../../scenario/index.js';
import type { Deployment } from '../../targets/index.js';
import type { Check } from '../../report/record.js';

type Attempt = { served: true; status: number } | { served: false; error: string };

interface ClientIdentity {
  readonly certPath: string;
  readonly keyPath: string;
}

function get(url: string, tls?: { ca: string; cert: string; key: string }): Promise<Attempt> {
  return new Promise((resolve) => {
    const options = { timeout: 3000, agent: false as const, ...(tls ? { ...tls, rejectUnauthorized: true, checkServerIdentity: () => undefined } : {}) };
    const req = (tls ? https : http).get(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve({ served: true, status: res.statusCode ?? 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ served: false, error: error.code ?? error.message }));
  });
}

async function tlsGet(address: string, ca: string, identity: ClientIdentity): Promise<Attempt> {
  const [cert, key] = await Promise.all([readFile(identity.certPath, 'utf8'), readFile(identity.keyPath, 'utf8')]);
  return get(`https://${address}/`, { ca, cert, key });
}

const describe = (a: Attempt) => (a.served ? `served (HTTP ${a.status})` : `refused (${a.error})`);

function check(name: string, attempt: Attempt, shouldServe: boolean): Check {
  const passed = shouldServe ? attempt.served && attempt.status === 200 : !attempt.served;
  return { name, passed, detail: `${describe(attempt)}; expected ${shouldServe ? 'served' : 'refused'}` };
}

/** Runs the three calls against every server sidecar; `modes` says what each workload's PeerAuthentication allows. */
export async function mtlsChecks(deployment: Deployment, modes: Readonly<Record<string, MtlsMode>>): Promise<Check[]> {
  const ca = await readFile(deployment.pki.caPath, 'utf8');
  const valid = deployment.pki.workloads.find((w) => w.name === 'loadgen');
  const foreign = deployment.pki.foreign?.workload;
  const checks: Check[] = [];
  for (const [version, listen] of Object.entries(deployment.serverSidecars)) {
    const mode = modes[version] ?? 'PERMISSIVE';
    const address = `${listen.address}:${listen.port}`;
    const label = (what: string) => `mTLS ${mode} (${version}): ${what}`;
    checks.push(check(label('plaintext client'), await get(`http://${address}/`), mode !== 'STRICT'));
    if (mode === 'DISABLE') continue;
    if (foreign) checks.push(check(label('client with a foreign CA certificate'), await tlsGet(address, ca, foreign), false));
    if (valid) checks.push(check(label('client with a valid workload certificate'), await tlsGet(address, ca, valid), true));
  }
  return checks;
}
