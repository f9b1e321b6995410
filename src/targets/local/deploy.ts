/**
 * The local target: every "pod" is a process on this machine. Baseline (load → app) and mesh
 * (load → client Envoy → mTLS → server Envoy → app) are deployed side by side and share the app
 * processes, so the only difference between the two paths is the sidecar pair.
 */
import path from 'node:path';
import { appCommand, parseReadyLine, READY_PREFIX } from '../../app/index.js';
import { WORKLOAD_PORT, type LoadedScenario } from '../../scenario/index.js';
import { ChildDiedError, EnvironmentError } from '../../errors.js';
import { startLoadAgent } from '../../load/index.js';
import { createRunPki, removeRunPki, workloadCert, type RunPki } from '../../pki/index.js';
import { spawnChild } from '../../process/child.js';
import type { RunContext } from '../../process/run-context.js';
import { clientSidecarBootstrap, serverSidecarBootstrap, startEnvoy, type EnvoySidecar, type SocketAddress } from '../../sidecar/index.js';
import type { DeployedProcess, Deployment, Fidelity, NodeRuntime } from '../target.js';

export interface LocalDeployInput {
  readonly profile: string;
  readonly loaded: LoadedScenario;
  readonly envoyBinary: string;
  /** The run's private folder (keys, Envoy configs, admin sockets). */
  readonly runDir: string;
  readonly nodes: { readonly client: NodeRuntime; readonly server: NodeRuntime; portFor(node: 'client' | 'server'): Promise<number> };
  readonly fidelity: Fidelity;
}

const LOAD_CLIENT = { name: 'loadgen', serviceAccount: 'loadgen' };
const READY_TIMEOUT_MS = 20_000;

export async function deployLocal(ctx: RunContext, input: LocalDeployInput): Promise<Deployment> {
  const { scenario, policy } = input.loaded;
  const { client, server } = input.nodes;
  const w = scenario.workload;
  const profileDir = path.join(input.runDir, input.profile);
  const pki = await createRunPki({
    dir: path.join(profileDir, 'pki'),
    workloads: [
      { ...LOAD_CLIENT, namespace: w.namespace },
      ...w.versions.map((v) => ({ name: `${w.serviceName}-${v}`, namespace: w.namespace, serviceAccount: w.serviceName })),
    ],
    foreignCa: true,
  });
  ctx.defer('remove run keys', () => removeRunPki(pki));

  const processes: DeployedProcess[] = [];
  const apps: Record<string, SocketAddress> = {};
  for (const version of w.versions) {
    const app = await startApp(ctx, server, { version, payloadBytes: w.payloadBytes, cpuWorkUs: w.cpuWorkUs, grpc: w.protocol === 'grpc' });
    apps[version] = { address: server.address, port: w.protocol === 'grpc' ? app.grpcPort : app.httpPort };
    processes.push({ pid: app.pid, role: 'app', name: `app ${version}` });
  }

  const sidecars: EnvoySidecar[] = [];
  const serverSidecars: Record<string, SocketAddress> = {};
  for (const version of w.versions) {
    const listen = { address: server.address, port: await input.nodes.portFor('server') };
    const cert = workloadCert(pki, `${w.serviceName}-${version}`);
    const sidecar = await startEnvoy(ctx, {
      binary: input.envoyBinary,
      name: `server-${version}`,
      dir: profileDir,
      wrap: server.wrap,
      bootstrap: (adminSocket) =>
        serverSidecarBootstrap({
          nodeId: `${w.serviceName}-${version}`,
          adminSocket,
          listen,
          protocol: w.protocol,
          servicePort: WORKLOAD_PORT,
          inbound: policy.inbound[version] ?? { mode: 'PERMISSIVE', portModes: {} },
          app: apps[version]!,
          tls: { certChainPath: cert.certPath, privateKeyPath: cert.keyPath, trustedCaPath: pki.caPath },
          trustDomain: pki.trustDomain,
        }),
    });
    sidecars.push(sidecar);
    serverSidecars[version] = listen;
    processes.push({ pid: sidecar.child.pid, role: 'envoy-server', name: `envoy server-${version}` });
  }

  const clientListen = { address: client.address, port: await input.nodes.portFor('client') };
  const churnEvery = scenario.load.newConnectionEvery;
  const churn = churnEvery > 0 ? { listen: { address: client.address, port: await input.nodes.portFor('client') }, requestsPerConnection: churnEvery } : undefined;
  const clientCert = workloadCert(pki, LOAD_CLIENT.name);
  const serverSpiffeId = workloadCert(pki, `${w.serviceName}-${w.versions[0]}`).spiffeId;
  const clientSidecar = await startEnvoy(ctx, {
    binary: input.envoyBinary,
    name: 'client',
    dir: profileDir,
    wrap: client.wrap,
    bootstrap: (adminSocket) =>
      clientSidecarBootstrap({
        nodeId: LOAD_CLIENT.name,
        adminSocket,
        listen: clientListen,
        protocol: w.protocol,
        serviceName: w.serviceName,
        servicePort: WORKLOAD_PORT,
        policy: policy.outbound,
        tls: { certChainPath: clientCert.certPath, privateKeyPath: clientCert.keyPath, trustedCaPath: pki.caPath },
        serverSpiffeId,
        upstreams: serverSidecars,
        ...(churn ? { churn } : {}),
      }),
  });
  sidecars.push(clientSidecar);
  processes.push({ pid: clientSidecar.child.pid, role: 'envoy-client', name: 'envoy client' });

  const agent = startLoadAgent(ctx, client.agentWrap ?? client.wrap);
  processes.push({ pid: agent.child.pid, role: 'load', name: 'load agent' });

  const primary = apps[w.versions[0]!]!;
  const deployment: Deployment = {
    profile: input.profile,
    endpoints: {
      baseline: `http://${hostPort(primary)}/`,
      mesh: `http://${hostPort(clientListen)}/`,
    },
    meshChurnEndpoint: churn ? `http://${hostPort(churn.listen)}/` : undefined,
    sidecars,
    agent,
    processes,
    nodes: { client, server },
    fidelity: input.fidelity,
    serverSidecars,
    pki: pkiSummary(pki),
  };
  await healthCheck(deployment, w.protocol);
  return deployment;
}

const hostPort = (a: SocketAddress) => `${a.address}:${a.port}`;

function pkiSummary(pki: RunPki) {
  return { caPath: pki.caPath, foreign: pki.foreign, workloads: pki.workloads };
}

async function startApp(
  ctx: RunContext,
  node: NodeRuntime,
  opts: { version: string; payloadBytes: number; cpuWorkUs: number; grpc: boolean },
): Promise<{ pid: number; httpPort: number; grpcPort: number }> {
  const { file, args } = appCommand({ version: opts.version, httpPort: 0, grpcPort: opts.grpc ? 0 : null, payloadBytes: opts.payloadBytes, cpuWorkUs: opts.cpuWorkUs, host: node.address });
  const child = spawnChild(ctx, { name: `app ${opts.version}`, file, args, wrap: node.wrap });
  const ready = await child.waitForLine((line) => (line.startsWith(READY_PREFIX) ? parseReadyLine(line) : undefined), 'the READY line', READY_TIMEOUT_MS);
  return { pid: child.pid, httpPort: ready.httpPort, grpcPort: ready.grpcPort ?? 0 };
}

/** Both paths answer before any load: a few requests through the load agent itself, from the client node. */
async function healthCheck(deployment: Deployment, protocol: 'http' | 'grpc'): Promise<void> {
  for (const [variant, url] of Object.entries(deployment.endpoints)) {
    const result = await deployment.agent.run({
      model: 'open',
      protocol,
      url,
      arrival: 'uniform',
      rateRps: 50,
      durationS: 0.1,
      connections: 1,
      newConnectionEvery: 0,
      timeoutMs: 3000,
      seed: 1,
    });
    if (result.completed === 0 || result.errors > 0) {
      const statuses = Object.entries(result.statusCounts).map(([s, n]) => `${s}×${n}`).join(', ');
      throw new EnvironmentError(
        `The ${variant} path (${url}) failed its health check: ${statuses || 'no response'}.`,
        variant === 'mesh' ? 'The sidecars started but do not carry traffic; the Envoy configs are in the run folder named above.' : undefined,
      );
    }
  }
}
