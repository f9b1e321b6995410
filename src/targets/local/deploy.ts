/**
 * The local target: every "pod" is a process on this machine. Baseline (load → app) and mesh
 * (load → client Envoy → mTLS → server Envoy → app) are deployed side by side and share the app
 * processes, so the only difference between the two paths is the sidecar pair.
 */
import path from 'node:path';
import http from 'node:http';
import { startApp, ZIPKIN_READY_PREFIX, zipkinCollectorCommand } from '../../app/index.js';
import { WORKLOAD_PORT, type LoadedScenario } from '../../scenario/index.js';
import { BadInputError, EnvironmentError } from '../../errors.js';
import { startLoadAgent } from '../../load/index.js';
import { createRunPki, removeRunPki, workloadCert, type RunPki } from '../../pki/index.js';
import { spawnChild } from '../../process/child.js';
import type { RunContext } from '../../process/run-context.js';
import type { CommandWrapper } from '../../process/child.js';
import {
  clientSidecarBootstrap,
  ISTIO_INBOUND_CAPTURE_PORT,
  ISTIO_OUTBOUND_CAPTURE_PORT,
  ISTIO_PROXY_GID,
  serverSidecarBootstrap,
  startEnvoy,
  type EnvoySidecar,
  meshExtras,
  type SocketAddress,
} from '../../sidecar/index.js';
import type { DeployedInterception, DeployedProcess, Deployment, Fidelity, NodeRuntime } from '../target.js';
import { installCapture, readCaptureCounters } from './interception.js';

export interface LocalDeployInput {
  readonly profile: string;
  readonly loaded: LoadedScenario;
  readonly envoyBinary: string;
  /** The run's private folder (keys, Envoy configs, admin sockets). */
  readonly runDir: string;
  /** The run's short folder for unix sockets. */
  readonly socketDir: string;
  readonly nodes: { readonly client: NodeRuntime; readonly server: NodeRuntime; portFor(node: 'client' | 'server'): Promise<number> };
  readonly fidelity: Fidelity;
  /** The nodes' network namespaces, when they are namespaces: Istio-style capture needs them. */
  readonly netns?: { readonly client: string; readonly server: string } | undefined;
}

/** Runs a command as the sidecar's group, which the capture rules let through (Istio's proxy gid). */
export const asProxyGroup =
  (wrap: CommandWrapper): CommandWrapper =>
  (file, args) =>
    wrap('setpriv', ['--regid', String(ISTIO_PROXY_GID), '--clear-groups', '--', file, ...args]);

export const LOAD_CLIENT = { name: 'loadgen', serviceAccount: 'loadgen' };
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

  const capture = input.netns && scenario.sidecar.interception === 'iptables' ? input.netns : undefined;
  if (capture && w.versions.length > 1) {
    throw new BadInputError(
      `${input.loaded.file}: sidecar.interception "iptables" deploys one pod per node namespace, so one version; the scenario deploys ${w.versions.join(', ')}`,
      'Run canary scenarios without interception for now.',
    );
  }
  const concurrency = scenario.sidecar.concurrency;
  const processes: DeployedProcess[] = [];
  const apps: Record<string, SocketAddress> = {};
  const appOptions = (version: string, port: number) => ({ version, payloadBytes: w.payloadBytes, cpuWorkUs: w.cpuWorkUs, grpc: w.protocol === 'grpc', port });
  for (const version of w.versions) {
    const app = await startNodeApp(ctx, server, appOptions(version, capture ? WORKLOAD_PORT : 0));
    apps[version] = { address: server.address, port: w.protocol === 'grpc' ? app.grpcPort : app.httpPort };
    processes.push({ pid: app.pid, role: 'app', name: `app ${version}` });
  }
  const collector = policy.telemetry?.tracing ? await startCollector(ctx, server, await input.nodes.portFor('server')) : undefined;
  if (collector) processes.push({ pid: collector.pid, role: 'app', name: 'zipkin collector' });
  const accessLogs: string[] = [];
  const extrasFor = (side: 'client' | 'server', name: string) => {
    const accessLogPath = path.join(profileDir, `${name}.access.log`);
    const extras = meshExtras(policy, { side, accessLogPath, collector: collector?.address });
    if (extras.accessLog) accessLogs.push(accessLogPath);
    return extras;
  };
  // With capture, the baseline is a twin of the app on a port the capture excludes (as a pod
  // annotation would): same code, node and CPUs, no redirect, no sidecar.
  let baselineApp = apps[w.versions[0]!]!;
  if (capture) {
    const twin = await startNodeApp(ctx, server, appOptions(w.versions[0]!, await input.nodes.portFor('server')));
    baselineApp = { address: server.address, port: w.protocol === 'grpc' ? twin.grpcPort : twin.httpPort };
    processes.push({ pid: twin.pid, role: 'app', name: `app ${w.versions[0]!} baseline` });
    const rules = {
      proxyGid: ISTIO_PROXY_GID,
      outboundCapturePort: ISTIO_OUTBOUND_CAPTURE_PORT,
      inboundCapturePort: ISTIO_INBOUND_CAPTURE_PORT,
      // The collector stands for a Zipkin pod of its own: its port is not the workload's.
      excludeInboundPorts: [baselineApp.port, ...(collector ? [collector.address.port] : [])],
      excludeOutboundPorts: [baselineApp.port],
    };
    await installCapture(capture.client, rules);
    await installCapture(capture.server, rules);
  }
  const sidecarWrap = (node: NodeRuntime) => (capture ? asProxyGroup(node.wrap) : node.wrap);

  const sidecars: EnvoySidecar[] = [];
  const serverSidecars: Record<string, SocketAddress> = {};
  for (const version of w.versions) {
    const listen = capture ? apps[version]! : { address: server.address, port: await input.nodes.portFor('server') };
    const cert = workloadCert(pki, `${w.serviceName}-${version}`);
    const sidecar = await startEnvoy(ctx, {
      binary: input.envoyBinary,
      name: `server-${version}`,
      dir: profileDir,
      socketDir: input.socketDir,
      wrap: sidecarWrap(server),
      concurrency,
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
          namespace: w.namespace,
          istio: capture !== undefined,
          extras: extrasFor('server', `server-${version}`),
        }),
    });
    sidecars.push(sidecar);
    serverSidecars[version] = listen;
    processes.push({ pid: sidecar.child.pid, role: 'envoy-server', name: `envoy server-${version}` });
  }

  const clientListen = { address: client.address, port: await input.nodes.portFor('client') };
  const churnEvery = scenario.load.newConnectionEvery;
  const churn = churnEvery > 0 && !capture ? { listen: { address: client.address, port: await input.nodes.portFor('client') }, requestsPerConnection: churnEvery } : undefined;
  const clientCert = workloadCert(pki, LOAD_CLIENT.name);
  const serverSpiffeId = workloadCert(pki, `${w.serviceName}-${w.versions[0]}`).spiffeId;
  const clientSidecar = await startEnvoy(ctx, {
    binary: input.envoyBinary,
    name: 'client',
    dir: profileDir,
    socketDir: input.socketDir,
    wrap: sidecarWrap(client),
    concurrency,
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
        namespace: w.namespace,
        ...(capture ? { istio: { service: apps[w.versions[0]!]!, registryOnly: policy.egress?.registryOnly ?? false } } : {}),
        extras: extrasFor('client', 'client'),
      }),
  });
  sidecars.push(clientSidecar);
  processes.push({ pid: clientSidecar.child.pid, role: 'envoy-client', name: 'envoy client' });

  const agent = startLoadAgent(ctx, client.agentWrap ?? client.wrap);
  processes.push({ pid: agent.child.pid, role: 'load', name: 'load agent' });

  const service = apps[w.versions[0]!]!;
  const deployment: Deployment = {
    profile: input.profile,
    endpoints: {
      baseline: `http://${hostPort(baselineApp)}/`,
      // With capture the app side calls the service as if there were no mesh; iptables brings it to the sidecar.
      mesh: `http://${hostPort(capture ? service : clientListen)}/`,
    },
    meshChurnEndpoint: churn ? `http://${hostPort(churn.listen)}/` : undefined,
    sidecars,
    agent,
    processes,
    nodes: { client, server },
    fidelity: input.fidelity,
    interception: capture ? deployedInterception(capture, service, client) : undefined,
    telemetry: { accessLogs, collector: collector ? { counts: () => collectorCounts(collector.address) } : undefined },
    serverSidecars,
    pki: pkiSummary(pki),
  };
  await healthCheck(deployment, w.protocol);
  return deployment;
}

const hostPort = (a: SocketAddress) => `${a.address}:${a.port}`;

export function deployedInterception(netns: { client: string; server: string }, service: SocketAddress, client: NodeRuntime): DeployedInterception {
  return {
    service,
    proxyGid: ISTIO_PROXY_GID,
    wrapUncaptured: asProxyGroup(client.wrap),
    counters: async () => ({ client: await readCaptureCounters(netns.client), server: await readCaptureCounters(netns.server) }),
  };
}

export function pkiSummary(pki: RunPki) {
  return { caPath: pki.caPath, foreign: pki.foreign, workloads: pki.workloads };
}

async function startCollector(ctx: RunContext, node: NodeRuntime, port: number): Promise<{ pid: number; address: SocketAddress }> {
  const { file, args } = zipkinCollectorCommand(node.address, port);
  const child = spawnChild(ctx, { name: 'zipkin collector', file, args, wrap: node.wrap });
  const ready = await child.waitForLine((line) => (line.startsWith(ZIPKIN_READY_PREFIX) ? (JSON.parse(line.slice(ZIPKIN_READY_PREFIX.length)) as { port: number }) : undefined), 'the ZIPKIN_READY line', READY_TIMEOUT_MS);
  return { pid: child.pid, address: { address: node.address, port: ready.port } };
}

/** What the collector received so far (asked from the harness, over the node's host link). */
function collectorCounts(at: SocketAddress): Promise<{ spans: number; posts: number; rejected: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`http://${hostPort(at)}/counts`, { timeout: 3000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body) as { spans: number; posts: number; rejected: number });
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('the trace collector did not answer within 3 s')));
    req.on('error', reject);
  });
}

export async function startNodeApp(
  ctx: RunContext,
  node: NodeRuntime,
  opts: { version: string; payloadBytes: number; cpuWorkUs: number; grpc: boolean; port: number },
): Promise<{ pid: number; httpPort: number; grpcPort: number }> {
  // `port` (0: any) is the port the protocol under test is served on.
  const options = { version: opts.version, httpPort: opts.grpc ? 0 : opts.port, grpcPort: opts.grpc ? opts.port : null, payloadBytes: opts.payloadBytes, cpuWorkUs: opts.cpuWorkUs, host: node.address };
  const ready = await startApp(ctx, options, { wrap: node.wrap });
  return { pid: ready.pid, httpPort: ready.httpPort, grpcPort: ready.grpcPort ?? 0 };
}

/** Both paths answer before any load: a few requests through the load agent itself, from the client node. */
export async function healthCheck(deployment: Deployment, protocol: 'http' | 'grpc'): Promise<void> {
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
