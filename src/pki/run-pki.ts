/** The PKI of one run on disk: a fresh CA and one certificate per workload, removed after the run. */
import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createCa,
  DEFAULT_WORKLOAD_VALIDITY_MS,
  issueWorkloadCert,
  type CertificateAuthority,
  type IssuedCert,
} from './certs.js';
import { assertDnsLabel, PkiInputError, spiffeId } from './spiffe.js';

/** A workload that needs an identity: a "pod" with a Kubernetes namespace and service account. */
export interface WorkloadSpec {
  /** File name stem (`<name>.cert.pem`) and lookup key; an RFC 1123 label, unique in the run. */
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface RunPkiOptions {
  /** Directory to create (mode 0700); it must not exist yet or be empty. */
  readonly dir: string;
  /** SPIFFE trust domain; Istio's default is `cluster.local`. */
  readonly trustDomain?: string;
  readonly workloads: readonly WorkloadSpec[];
  /**
   * Also create an unrelated CA and a workload `foreign` signed by it. The foreign certificate
   * claims the SPIFFE id of the first workload (or `ns/default/sa/default` when there is none), so
   * a peer that refuses it does so because of the CA, not the name.
   */
  readonly foreignCa?: boolean;
  /** Lifetime of workload certificates; default 24 h. */
  readonly workloadValidityMs?: number;
  /** The clock; tests pass a fixed date. */
  readonly now?: Date;
}

/** A workload certificate on disk. */
export interface WorkloadCert {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** `spiffe://<trustDomain>/ns/<namespace>/sa/<serviceAccount>`, the certificate's URI SAN. */
  readonly spiffeId: string;
  /** Absolute path of the certificate (PEM). */
  readonly certPath: string;
  /** Absolute path of the PKCS#8 private key (PEM, mode 0600). */
  readonly keyPath: string;
}

/** The foreign CA and its one workload, for proving that mTLS refuses another CA. */
export interface ForeignPki {
  /** Absolute path of the foreign root certificate (PEM). */
  readonly caPath: string;
  /** The workload `foreign`, signed by the foreign CA. */
  readonly workload: WorkloadCert;
}

export interface RunPki {
  /** Absolute path of the directory holding every file below. */
  readonly dir: string;
  readonly trustDomain: string;
  /** Absolute path of the run CA's root certificate (PEM); the CA key stays in memory only. */
  readonly caPath: string;
  /** In the order given. Use `workloadCert(pki, name)` to look one up. */
  readonly workloads: readonly WorkloadCert[];
  readonly foreign?: ForeignPki;
}

export const FOREIGN_WORKLOAD_NAME = 'foreign';
const CA_VALIDITY_SLACK_MS = 24 * 60 * 60_000;

/** Creates the directory, a run CA and a certificate per workload. Removes what it wrote on failure. */
export async function createRunPki(options: RunPkiOptions): Promise<RunPki> {
  const trustDomain = options.trustDomain ?? 'cluster.local';
  const now = options.now ?? new Date();
  const validityMs = options.workloadValidityMs ?? DEFAULT_WORKLOAD_VALIDITY_MS;
  if (!Number.isFinite(validityMs) || validityMs <= 0) {
    throw new PkiInputError(`workloadValidityMs must be a positive number of milliseconds, got ${validityMs}`);
  }
  const specs = validateWorkloads(options.workloads, options.foreignCa === true);
  const planned = specs.map((spec) => ({ spec, id: spiffeId(trustDomain, spec.namespace, spec.serviceAccount) }));
  const dir = path.resolve(options.dir);

  await prepareDir(dir);
  try {
    const caValidityMs = validityMs + CA_VALIDITY_SLACK_MS;
    const ca = await createCa({ commonName: 'meshtax run CA', organization: trustDomain, now, validityMs: caValidityMs });
    const caPath = path.join(dir, 'ca.pem');
    await writeFile(caPath, ca.certPem, { mode: 0o644, flag: 'wx' });

    const workloads: WorkloadCert[] = [];
    for (const { spec, id } of planned) {
      workloads.push(await writeWorkload(dir, ca, spec, id, now, validityMs));
    }

    let foreign: ForeignPki | undefined;
    if (options.foreignCa === true) {
      const foreignCa = await createCa({ commonName: 'meshtax foreign CA', organization: trustDomain, now, validityMs: caValidityMs });
      const foreignCaPath = path.join(dir, 'foreign-ca.pem');
      await writeFile(foreignCaPath, foreignCa.certPem, { mode: 0o644, flag: 'wx' });
      const impersonated = specs[0] ?? { namespace: 'default', serviceAccount: 'default' };
      const spec: WorkloadSpec = { ...impersonated, name: FOREIGN_WORKLOAD_NAME };
      const id = spiffeId(trustDomain, spec.namespace, spec.serviceAccount);
      foreign = { caPath: foreignCaPath, workload: await writeWorkload(dir, foreignCa, spec, id, now, validityMs) };
    }

    return foreign === undefined ? { dir, trustDomain, caPath, workloads } : { dir, trustDomain, caPath, workloads, foreign };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Deletes the run's directory and every key in it. Safe to call twice. */
export async function removeRunPki(pki: Pick<RunPki, 'dir'>): Promise<void> {
  await rm(pki.dir, { recursive: true, force: true });
}

/** The certificate of workload `name`; throws if the run has none by that name. */
export function workloadCert(pki: RunPki, name: string): WorkloadCert {
  const found = pki.workloads.find((w) => w.name === name) ?? (pki.foreign?.workload.name === name ? pki.foreign.workload : undefined);
  if (found === undefined) {
    const known = pki.workloads.map((w) => w.name).join(', ') || '(none)';
    throw new PkiInputError(`no workload certificate named "${name}" in this run; known: ${known}`);
  }
  return found;
}

function validateWorkloads(workloads: readonly WorkloadSpec[], foreignCa: boolean): readonly WorkloadSpec[] {
  const seen = new Set<string>();
  for (const w of workloads) {
    assertDnsLabel('workload name', w.name);
    assertDnsLabel(`namespace of workload "${w.name}"`, w.namespace);
    assertDnsLabel(`service account of workload "${w.name}"`, w.serviceAccount);
    if (seen.has(w.name)) throw new PkiInputError(`workload name "${w.name}" is used twice; names must be unique`);
    if (foreignCa && w.name === FOREIGN_WORKLOAD_NAME) {
      throw new PkiInputError(`workload name "${FOREIGN_WORKLOAD_NAME}" is reserved when foreignCa is set; rename the workload`);
    }
    seen.add(w.name);
  }
  return workloads;
}

async function prepareDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new PkiInputError(`PKI directory ${dir} is not empty; pass a new directory (it is deleted after the run)`);
  }
  await chmod(dir, 0o700); // mkdir's mode is masked by the umask and ignored for an existing dir
}

async function writeWorkload(
  dir: string,
  ca: CertificateAuthority,
  spec: WorkloadSpec,
  id: string,
  now: Date,
  validityMs: number,
): Promise<WorkloadCert> {
  const issued: IssuedCert = await issueWorkloadCert(ca, { spiffeId: id, commonName: `${spec.name}.${spec.namespace}`, now, validityMs });
  const certPath = path.join(dir, `${spec.name}.cert.pem`);
  const keyPath = path.join(dir, `${spec.name}.key.pem`);
  await writeFile(keyPath, issued.keyPem, { mode: 0o600, flag: 'wx' });
  await chmod(keyPath, 0o600); // in case a umask or ACL widened it
  await writeFile(certPath, issued.certPem, { mode: 0o644, flag: 'wx' });
  return { name: spec.name, namespace: spec.namespace, serviceAccount: spec.serviceAccount, spiffeId: id, certPath, keyPath };
}
