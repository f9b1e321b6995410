/**
 * The load agent: a process of its own on the client node, so the harness's bookkeeping never
 * shares an event loop with the timing. It takes trial specs over IPC and answers with results.
 */
import { getEachMessage, sendMessage } from 'execa';
import { runClosedLoop } from './closed-loop.js';
import { startMetronome } from './metronome.js';
import { runOpenLoop } from './open-loop.js';
import { grpcHttp2Requester } from './grpc-http2-requester.js';
import { grpcRequester } from './grpc-requester.js';
import { httpRequester } from './http-requester.js';
import type { OnDone } from './requester.js';
import { LoadSpecSchema, type AgentReply, type AgentRequest, type LoadResult, type LoadSpec } from './types.js';

let current: AbortController | undefined;
/** The gRPC sender: the lean one, or node:http2's for comparison (MESHTAX_GRPC_SENDER=node-http2, read once at start). */
const grpcSender = process.env.MESHTAX_GRPC_SENDER === 'node-http2' ? grpcHttp2Requester : grpcRequester;
const metronome = startMetronome();

async function runTrial(spec: LoadSpec, signal: AbortSignal): Promise<LoadResult> {
  if (spec.model === 'closed') {
    if (spec.protocol === 'grpc') throw new Error('the closed loop (autocannon) drives HTTP/1.1 only; use the open loop for gRPC');
    return runClosedLoop(spec, signal);
  }
  const makeRequester = spec.protocol === 'grpc' ? (onDone: OnDone) => grpcSender(spec, onDone) : (onDone: OnDone) => httpRequester(spec, onDone);
  return runOpenLoop(spec, makeRequester, metronome, signal);
}

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
