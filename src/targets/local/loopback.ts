import type { CommandWrapper } from '../../process/child.js';

/** Pins a command to a cpuset list with taskset (util-linux); the pin is inherited by its threads. */
export function pinTo(cpus: string | undefined): CommandWrapper {
  return (file, args) => (cpus === undefined ? { file, args: [...args] } : { file: 'taskset', args: ['-c', cpus, file, ...args] });
}
