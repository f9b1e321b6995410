/** The harness's side of the load agent: starts the agent process and asks it for trials over IPC. */
import type { ResultPromise } from 'execa';
import { ChildDiedError } from '../errors.js';
import { nodeCommand, siblingEntry, spawnChild, type Child, type CommandWrapper, type RunContext } from '../process/index.js';
import { LoadResultSchema, type AgentReply, type AgentRequest, type LoadResult, type LoadSpec } from './types.js';

const agentEntry = siblingEntry(import.meta.url, 'agent');

/** The run's view of a load agent, wherever it runs (a child process here, or over TCP: agent-connect.ts). */
export interface LoadAgent {
  /** Where it runs, in words, when not a child of the harness. */
  readonly where?: string;
  run(spec: LoadSpec): Promise<LoadResult>;
}

/** A load agent that is the harness's own child process. */
export interface LocalLoadAgent extends LoadAgent {
  readonly child: Child;
}

/** Starts the load agent process (on the client node, through `wrap`). */
export function startLoadAgent(ctx: RunContext, wrap?: CommandWrapper): LocalLoadAgent {
  const child = spawnChild(ctx, { name: 'load agent', ...nodeCommand(agentEntry), wrap, ipc: true });
  const ipc = child.process as unknown as ResultPromise<{ ipc: true; serialization: 'advanced' }>;
  let nextId = 1;
  const send = (message: AgentRequest) => ipc.sendMessage(message as never);
  return {
    child,
    async run(spec) {
      const id = nextId++;
      const onAbort = () => void send({ type: 'abort' }).catch(() => {});
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const replyPromise = ipc.getOneMessage({ filter: (m) => (m as unknown as AgentReply).id === id });
        await send({ type: 'trial', id, spec });
        const reply = (await replyPromise) as unknown as AgentReply;
        if (reply.type === 'error') throw new ChildDiedError(`The load agent failed a trial: ${reply.message}`);
        return LoadResultSchema.parse(reply.result);
      } catch (error) {
        if (error instanceof ChildDiedError) throw error;
        throw new ChildDiedError(`The load agent stopped answering: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
