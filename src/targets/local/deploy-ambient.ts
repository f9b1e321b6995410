/**
 * The ambient variant of the local target: Istio's ambient data plane at L4 — a ztunnel in the
 * client node's namespace and one in the server node's, dedicated mode, HBONE (HTTP CONNECT over
 * mTLS) on 15008 between them, every TCP connection of the namespaces captured by iptables as
 * ztunnel's own scripts do. Baseline (load → app twin, its port excluded from capture) and ambient
 * (load → app's service port, captured) share nodes, CPUs and the netfilter hooks; the only
 * difference is the ztunnel pair.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WORKLOAD_PORT } from '../../scenario/index.js';
import { BadInputError, EnvironmentError } from '../../errors.js';
import { startLoadAgent } from '../../load/index.js';
import { createRunPki, removeRunPki } from '../../pki/index.js';
import type { RunContext } from '../../process/run-context.js';
import { ISTIO_PROXY_GID } from '../../sidecar/index.js';
import { localWorkloadConfig, spiffeIdOf, startZtunnel, ZTUNNEL_PACKET_MARK, ZTUNNEL_PORTS, type ZtunnelBinary, type ZtunnelWorkload } from '../../ztunnel/index.js';
import type { DeployedAmbient, DeployedProcess, Deployment, NodeRuntime } from '../target.js';
import { deployedInterception, healthCheck, LOAD_CLIENT, pkiSummary, startNodeApp, type LocalDeployInput } from './deploy.js';
import { installAmbientCapture, removeCapture } from './interception.js';

export async function deployAmbient(ctx: RunContext, input: LocalDeployInput, ztunnel: ZtunnelBinary | undefined): Promise<Deployment> {
  const { scenario, policy } = input.loaded;
  const w = scenario.workload;
  if (!ztunnel) throw new EnvironmentError('dataPlane "ambient" needs ztunnel, and none was found.', 'Run `npm run setup:ztunnel`, or set ZTUNNEL_BIN.');
  if (!input.netns) {
    throw new EnvironmentError(
      'dataPlane "ambient" needs the nodes to be network namespaces (ztunnel listens on fixed ports, one per node); this profile runs on loopback.',
      'Run as root with iproute2 installed (`npm run doctor` says what is missing).',
    );
  }
  if (w.versions.length > 1) throw new BadInputError(`${input.loaded.file}: dataPlane "ambient" deploys one pod per node namespace, so one version; the scenario deploys ${w.versions.join(', ')}.`);
  const telemetry = Object.keys(policy.telemetry ?? {}).length > 0;
  if ((policy.authorization ?? []).length > 0 || telemetry) {
    throw new BadInputError(`${input.loaded.file}: dataPlane "ambient" honours PeerAuthentication only for now; ${telemetry ? 'Telemetry' : 'AuthorizationPolicy'} is not translated into ztunnel's workload file yet.`, 'Remove it, or run the scenario with dataPlane "sidecar".');
  }
  const { client, server } = input.nodes;
  const version = w.versions[0]!;
  const dir = path.join(input.runDir, input.profile, 'ambient');
  await mkdir(dir, { recursive: true });
  // The run's own CA only signs the foreign-identity check's client here: ztunnel's identities come from its compiled-in test CA.
  const pki = await createRunPki({ dir: path.join(dir, 'pki'), workloads: [{ ...LOAD_CLIENT, namespace: w.namespace }], foreignCa: true });
  ctx.defer('remove run keys', () => removeRunPki(pki));

  const processes: DeployedProcess[] = [];
  const appOptions = (port: number) => ({ version, payloadBytes: w.payloadBytes, cpuWorkUs: w.cpuWorkUs, grpc: w.protocol === 'grpc', port });
  const app = await startNodeApp(ctx, server, appOptions(WORKLOAD_PORT));
  processes.push({ pid: app.pid, role: 'app', name: `app ${version}` });
  const twin = await startNodeApp(ctx, server, appOptions(await input.nodes.portFor('server')));
  processes.push({ pid: twin.pid, role: 'app', name: `app ${version} baseline` });
  const portOf = (a: { httpPort: number; grpcPort: number }) => (w.protocol === 'grpc' ? a.grpcPort : a.httpPort);
  const service = { address: server.address, port: portOf(app) };
  const baseline = { address: server.address, port: portOf(twin) };

  const workloads = {
    client: { name: LOAD_CLIENT.name, namespace: w.namespace, serviceAccount: LOAD_CLIENT.serviceAccount, ip: client.address, node: 'client' },
    server: { name: `${w.serviceName}-${version}`, namespace: w.namespace, serviceAccount: w.serviceName, ip: server.address, node: 'server' },
  } satisfies Record<'client' | 'server', ZtunnelWorkload>;
  const inbound = policy.inbound[version] ?? { mode: 'PERMISSIVE' as const, portModes: {} };
  const mode = inbound.portModes[WORKLOAD_PORT] ?? inbound.mode;
  const workloadsFile = path.join(dir, 'workloads.yaml');
  await writeFile(workloadsFile, localWorkloadConfig([workloads.client, workloads.server], { strict: mode === 'STRICT' }));

  const capture = {
    packetMark: ZTUNNEL_PACKET_MARK,
    outboundCapturePort: ZTUNNEL_PORTS.outbound,
    inboundCapturePort: ZTUNNEL_PORTS.inbound,
    uncapturedGid: ISTIO_PROXY_GID,
    excludeInboundPorts: [baseline.port],
    excludeOutboundPorts: [baseline.port],
  };
  for (const ns of [input.netns.client, input.netns.server]) {
    ctx.defer(`remove the capture rules in ${ns}`, () => removeCapture(ns));
    await installAmbientCapture(ns, capture);
  }

  const ztunnels: DeployedAmbient['ztunnels'][number][] = [];
  for (const node of ['server', 'client'] as const) {
    const runtime: NodeRuntime = input.nodes[node];
    const wl = workloads[node];
    const started = await startZtunnel(ctx, {
      binary: ztunnel.path,
      name: `ztunnel ${node}`,
      wrap: runtime.wrap,
      address: runtime.address,
      workloadsFile,
      logFile: path.join(dir, `ztunnel-${node}.log`),
      workload: `${wl.namespace}/${wl.name}/${wl.serviceAccount}`,
      workerThreads: scenario.sidecar.concurrency,
    });
    ztunnels.push({ name: started.name, node, statsUrl: started.statsUrl, logFile: started.logFile });
    processes.push({ pid: started.child.pid, role: node === 'client' ? 'ztunnel-client' : 'ztunnel-server', name: started.name });
  }

  const agent = startLoadAgent(ctx, client.agentWrap ?? client.wrap);
  processes.push({ pid: agent.child.pid, role: 'load', name: 'load agent' });
  const deployment: Deployment = {
    profile: input.profile,
    endpoints: { baseline: `http://${baseline.address}:${baseline.port}/`, mesh: `http://${service.address}:${service.port}/` },
    meshChurnEndpoint: undefined,
    sidecars: [],
    agent,
    processes,
    nodes: { client, server },
    fidelity: input.fidelity,
    interception: deployedInterception(input.netns, service, client),
    telemetry: { accessLogs: [] },
    ambient: {
      ztunnels,
      hbone: { address: server.address, port: ZTUNNEL_PORTS.hbone },
      service,
      mode,
      identities: { client: spiffeIdOf(workloads.client), server: spiffeIdOf(workloads.server) },
    },
    serverSidecars: {},
    pki: pkiSummary(pki),
  };
  await healthCheck(deployment, w.protocol);
  return deployment;
}
