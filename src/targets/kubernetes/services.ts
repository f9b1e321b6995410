/**
 * A path's Service as the load reaches it: its ClusterIP, and a wait until kube-proxy has
 * programmed it (a TCP connect through the ClusterIP reaches the pod).
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import type { Kubectl } from './kubectl.js';

const ServiceSchema = z.object({ spec: z.object({ clusterIP: z.string().optional() }) });

export async function serviceClusterIp(kube: Kubectl, namespace: string, name: string): Promise<string> {
  const ip = ServiceSchema.parse(await kube.json(['get', 'service', name, '-n', namespace])).spec.clusterIP;
  if (!ip || ip === 'None') throw new EnvironmentError(`Service ${namespace}/${name} has no ClusterIP`);
  return ip;
}

const connects = (address: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 1_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });

export async function waitServiceReachable(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('interrupted');
    if (await connects(address, port)) return;
    await sleep(250);
  }
  throw new EnvironmentError(
    `the Service at ${address}:${port} was not reachable from the harness within ${timeoutMs / 1000} s`,
    'The load reaches each path through its Service: is kube-proxy running, and is the Service range routed to the cluster from this host?',
  );
}
