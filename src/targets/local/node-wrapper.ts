/**
 * The CommandWrapper of a node: the command runs in the node's cgroup, network namespace and CPUs.
 *
 *   sh -c '<write $$ to each cgroup.procs>; exec "$@"' sh  ip netns exec <ns>  taskset -c <cpus>  <file> <args…>
 *
 * Every step execs the next, so the pid execa sees is the final process's pid (Envoy, the app),
 * and signals, timeouts and per-process probes hit the right process. The cgroup is joined first,
 * outside the namespace, because `ip netns exec` remounts /sys in a private mount namespace and
 * the cgroup mounts under /sys/fs/cgroup are not visible after it. Cgroup membership, the network
 * namespace and the CPU affinity are all inherited across exec and by every child and thread.
 */
import type { CommandWrapper } from '../../process/child.js';

export interface NodePlacement {
  /** Network namespace; undefined: the root namespace. */
  readonly netns?: string | undefined;
  /** `cgroup.procs` files to join (v1: one per hierarchy); empty: no cgroup. */
  readonly cgroupProcs?: readonly string[] | undefined;
  /** CPU list for taskset; undefined: not pinned. */
  readonly cpus?: string | undefined;
}

/**
 * `$1` is how many cgroup.procs files follow; each gets the shell's pid ($$), which exec keeps.
 * `set -e` makes a failed write stop the start-up instead of running the command outside its node.
 */
export const JOIN_CGROUP_SCRIPT = 'set -e; n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1"; shift; n=$((n - 1)); done; exec "$@"';

export function nodeWrapper(placement: NodePlacement): CommandWrapper {
  const procs = placement.cgroupProcs ?? [];
  return (file, args) => {
    let cmd = [file, ...args];
    if (placement.cpus !== undefined) cmd = ['taskset', '-c', placement.cpus, ...cmd];
    if (placement.netns !== undefined) cmd = ['ip', 'netns', 'exec', placement.netns, ...cmd];
    if (procs.length > 0) cmd = ['sh', '-c', JOIN_CGROUP_SCRIPT, 'sh', String(procs.length), ...procs, ...cmd];
    return { file: cmd[0]!, args: cmd.slice(1) };
  };
}
