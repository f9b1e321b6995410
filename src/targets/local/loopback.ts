import os from 'node:os';
import type { CommandWrapper } from '../../run/child.js';
import type { NodeRuntime } from '../types.js';

/** Pins a command to a cpuset list with taskset (util-linux); the pin is inherited by its threads. */
export function pinTo(cpus: string | undefined): CommandWrapper {
  return (file, args) => (cpus === undefined ? { file, args: [...args] } : { file: 'taskset', args: ['-c', cpus, file, ...args] });
}

/**
 * Two nodes on loopback: the client node (load + client sidecar) and the server node (server
 * sidecars + apps), each pinned to its own CPU when the machine has two or more.
 */
export function loopbackNodes(cpuCount = os.availableParallelism()): { client: NodeRuntime; server: NodeRuntime } {
  const [clientCpus, serverCpus] = cpuCount >= 2 ? ['0', `1${cpuCount > 2 ? `-${cpuCount - 1}` : ''}`] : [undefined, undefined];
  return {
    client: { name: 'client', address: '127.0.0.1', cpus: clientCpus, wrap: pinTo(clientCpus) },
    server: { name: 'server', address: '127.0.0.1', cpus: serverCpus, wrap: pinTo(serverCpus) },
  };
}
