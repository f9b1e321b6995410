/**
 * A preview of the mesh path's sidecars: the bootstraps the local target generates for a mesh
 * policy (loopback addresses and fixed ports stand in for the run's), checked by the real Envoy
 * (`--mode validate`) with real certificate files. For `meshtax validate`, `bench --dry-run` and
 * the tests that hold every translation to what Envoy accepts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { createRunPki, workloadCert, type RunPki } from '../pki/index.js';
import type { EnvoyBootstrap, Protocol, TlsFiles } from './bootstrap.js';
import type { HttpExtras } from './http-extras.js';
import { clientSidecarBootstrap, serverSidecarBootstrap } from './istio-layout.js';
import { meshExtras } from './mesh-extras.js';
import type { IstioWorkload } from '../scenario/istio/workload.js';
import type { MeshPolicy } from '../scenario/policy.js';

export interface EnvoyVerdict {
  readonly name: string;
  readonly exitCode: number | undefined;
  readonly output: string;
}

const LOOPBACK = '127.0.0.1';

/** How the sidecars are laid out: Istio's layout (captured traffic) and what Telemetry / AuthorizationPolicy add. */
export interface LayoutOptions {
  readonly istio?: boolean;
  /** Default: what the policy's Telemetry and AuthorizationPolicy add, with a collector on loopback. */
  readonly extras?: { readonly client: HttpExtras; readonly server: HttpExtras };
}
const VALIDATE_TIMEOUT_MS = 20_000;

/** Every bootstrap of the mesh path (one client, one server per version), named for messages. */
export function meshBootstraps(policy: MeshPolicy, workload: IstioWorkload, protocol: Protocol, pki: RunPki, dir: string, layout: LayoutOptions = {}): Record<string, EnvoyBootstrap> {
  const tls = (name: string): TlsFiles => {
    const cert = workloadCert(pki, name);
    return { certChainPath: cert.certPath, privateKeyPath: cert.keyPath, trustedCaPath: pki.caPath };
  };
  const collector = { address: LOOPBACK, port: 9411 };
  const extras = layout.extras ?? {
    client: meshExtras(policy, { side: 'client', accessLogPath: path.join(dir, 'client.access.log'), collector }),
    server: meshExtras(policy, { side: 'server', accessLogPath: path.join(dir, 'server.access.log'), collector }),
  };
  const servers = workload.versions.map((version, i) => {
    const name = `${workload.serviceName}-${version}`;
    const bootstrap = serverSidecarBootstrap({
      nodeId: name,
      adminSocket: path.join(dir, `server-${version}.admin.sock`),
      listen: { address: LOOPBACK, port: 15_006 + i },
      protocol,
      servicePort: 8080,
      inbound: policy.inbound[version] ?? { mode: 'PERMISSIVE', portModes: {} },
      app: { address: LOOPBACK, port: 18_080 + i },
      tls: tls(name),
      trustDomain: pki.trustDomain,
      namespace: workload.namespace,
      istio: layout.istio ?? false,
      extras: extras.server,
    });
    return [`server-${version}`, bootstrap] as const;
  });
  const client = clientSidecarBootstrap({
    nodeId: 'loadgen',
    adminSocket: path.join(dir, 'client.admin.sock'),
    listen: { address: LOOPBACK, port: 15_001 },
    protocol,
    serviceName: workload.serviceName,
    servicePort: 8080,
    policy: policy.outbound,
    tls: tls('loadgen'),
    serverSpiffeId: workloadCert(pki, `${workload.serviceName}-${workload.versions[0]}`).spiffeId,
    upstreams: Object.fromEntries(workload.versions.map((v, i) => [v, { address: LOOPBACK, port: 15_006 + i }])),
    namespace: workload.namespace,
    ...(layout.istio ? { istio: { service: { address: LOOPBACK, port: 8080 } } } : {}),
    extras: extras.client,
  });
  return { client, ...Object.fromEntries(servers) };
}

/** Writes each bootstrap and runs `envoy --mode validate` on it, one at a time (the machine has 2 cores). */
export async function validateMeshBootstraps(envoy: string, policy: MeshPolicy, workload: IstioWorkload, protocol: Protocol, layout: LayoutOptions = {}): Promise<EnvoyVerdict[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'meshtax-validate-'));
  try {
    const pki = await createRunPki({ dir: path.join(dir, 'pki'), workloads: workloadSpecs(workload) });
    const verdicts: EnvoyVerdict[] = [];
    for (const [name, bootstrap] of Object.entries(meshBootstraps(policy, workload, protocol, pki, dir, layout))) {
      verdicts.push(await validate(envoy, name, bootstrap, dir));
    }
    return verdicts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function workloadSpecs(workload: IstioWorkload) {
  return [
    { name: 'loadgen', namespace: workload.namespace, serviceAccount: 'loadgen' },
    ...workload.versions.map((v) => ({ name: `${workload.serviceName}-${v}`, namespace: workload.namespace, serviceAccount: workload.serviceName })),
  ];
}

async function validate(envoy: string, name: string, bootstrap: EnvoyBootstrap, dir: string): Promise<EnvoyVerdict> {
  const configPath = path.join(dir, `${name}.json`);
  await writeFile(configPath, JSON.stringify(bootstrap, null, 2), { mode: 0o600 });
  const result = await execa(envoy, ['--mode', 'validate', '--config-path', configPath, '--log-level', 'warn'], {
    reject: false,
    all: true,
    timeout: VALIDATE_TIMEOUT_MS,
    forceKillAfterDelay: 2_000,
    cleanup: true,
  });
  return { name, exitCode: result.exitCode, output: String(result.all ?? '') };
}
