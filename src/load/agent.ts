/**
 * The load agent: a process of its own on the client node, so the harness's bookkeeping never
 * shares an event loop with the timing. It takes trial specs over IPC and answers with results.
 * (agent-server.ts is the same agent reached over TCP, for a client node elsewhere.)
 */
import { getEachMessage, sendMessage } from 'execa';
import { trialRunner } from './trial-runner.js';
import { LoadSpecSchema, type AgentReply, type AgentRequest } from './types.js';

let current: AbortController | undefined;
const runTrial = trialRunner();

async function handle(request: AgentRequest): Promise<void> {
  if (request.type === 'abort') {
    current?.abort();
    return;
  }
  current = new AbortController();
  let reply: AgentReply;
  try {
    const result = await runTrial(LoadSpecSchema.parse(request.spec), current.signal);
    reply = { type: 'result', id: request.id, result };
  } catch (error) {
    reply = { type: 'error', id: request.id, message: (error as Error).message };
  }
  await sendMessage(reply as never);
}

for await (const message of getEachMessage()) {
  void handle(message as unknown as AgentRequest);
}
