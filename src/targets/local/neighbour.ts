/**
 * The noisy neighbour of a shared-core node: one CPU burner per CPU of its set, each pinned to its
 * CPU, spinning `dutyPct` % of every 10 ms. Started through a node's wrapper (namespace, cgroup,
 * CPUs) and registered with the run's teardown like any child.
 */
import { nodeCommand, siblingEntry, spawnChild, type Child, type CommandWrapper, type RunContext } from '../../process/index.js';
import { parseCpuList } from './names.js';

export const BURNER_ENTRY = siblingEntry(import.meta.url, 'neighbour-burner');
export const NEIGHBOUR_PERIOD_MS = 10;

export interface NoisyNeighbourOptions {
  /** Share of each 10 ms window each burner spins, 0–100. */
  readonly dutyPct: number;
  /** CPUs to burn on, as a cpuset list: one burner per CPU. */
  readonly cpus: string;
}

export interface NoisyNeighbour {
  readonly dutyPct: number;
  readonly cpus: string;
  /** One per CPU (empty at 0 % duty). */
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

/** The command of one burner, before the node's wrapper. */
const flat = (command: { file: string; args: readonly string[] }) => [command.file, ...command.args];

export function burnerCommand(dutyPct: number, cpu: number, maxS: number): { file: string; args: string[] } {
  return {
    file: 'taskset',
    args: ['-c', String(cpu), ...flat(nodeCommand(BURNER_ENTRY, [String(dutyPct), String(NEIGHBOUR_PERIOD_MS), String(maxS)]))],
  };
}

/**
 * Starts the burners with `node.wrap` (the neighbour's namespace / cgroup / CPUs). They live until
 * `stop()` or the run's unwind; their own limit (the run's maximum plus a margin) and a check of
 * their parent end them if the harness dies without unwinding.
 */
export function startNoisyNeighbour(
  ctx: RunContext,
  node: { readonly name: string; readonly wrap: CommandWrapper },
  opts: NoisyNeighbourOptions,
): NoisyNeighbour {
  if (!(opts.dutyPct >= 0 && opts.dutyPct <= 100)) throw new RangeError(`neighbour duty must be 0–100 %, got ${opts.dutyPct}`);
  const children: Child[] = [];
  if (opts.dutyPct > 0) {
    const maxS = Math.ceil(ctx.maxRunMs / 1000) + 5;
    for (const cpu of parseCpuList(opts.cpus)) {
      const { file, args } = burnerCommand(opts.dutyPct, cpu, maxS);
      children.push(spawnChild(ctx, { name: `noisy neighbour ${opts.dutyPct}% on CPU ${cpu} (${node.name})`, file, args, wrap: node.wrap }));
    }
  }
  return {
    dutyPct: opts.dutyPct,
    cpus: opts.cpus,
    pids: children.map((c) => c.pid),
    stop: async () => {
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}
