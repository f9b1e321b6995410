/**
 * What the load agent does with one trial spec, whichever front asked for it (IPC from the
 * harness's own host, or a TCP connection from a harness elsewhere): the open or closed loop,
 * timed entirely on this process's clock.
 */
import { runClosedLoop } from './closed-loop.js';
import { startMetronome, type Metronome } from './metronome.js';
import { runOpenLoop } from './open-loop.js';
import { grpcHttp2Requester } from './grpc-http2-requester.js';
import { grpcRequester } from './grpc-requester.js';
import { httpRequester } from './http-requester.js';
import type { OnDone } from './requester.js';
import type { LoadResult, LoadSpec } from './types.js';

export type RunTrial = (spec: LoadSpec, signal: AbortSignal) => Promise<LoadResult>;

/** The gRPC sender: the lean one, or node:http2's for comparison (MESHTAX_GRPC_SENDER=node-http2, read once at start). */
const grpcSender = () => (process.env.MESHTAX_GRPC_SENDER === 'node-http2' ? grpcHttp2Requester : grpcRequester);

/** One metronome for the agent's life, started with it (its worker is warm before the first trial). */
export function trialRunner(): RunTrial {
  const metronome: Metronome = startMetronome();
  const sender = grpcSender();
  return async (spec, signal) => {
    if (spec.model === 'closed') {
      if (spec.protocol === 'grpc') throw new Error('the closed loop (autocannon) drives HTTP/1.1 only; use the open loop for gRPC');
      return runClosedLoop(spec, signal);
    }
    const makeRequester = spec.protocol === 'grpc' ? (onDone: OnDone) => sender(spec, onDone) : (onDone: OnDone) => httpRequester(spec, onDone);
    return runOpenLoop(spec, makeRequester, metronome, signal);
  };
}
