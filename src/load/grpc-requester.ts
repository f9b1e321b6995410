import * as grpc from '@grpc/grpc-js';
import { loadSampleProto, type EchoReply, type EchoRequest } from '../app/index.js';
import type { Outcome, Requester, RequesterOptions } from './requester.js';

/**
 * gRPC unary Echo over `connections` channels (each one HTTP/2 connection), used round-robin.
 * Churn: a channel is replaced after `newConnectionEvery` calls on it.
 */
export function grpcRequester(opts: RequesterOptions): Requester {
  const { echo } = loadSampleProto();
  const target = new URL(opts.url).host;
  // Distinct channel options keep grpc-js from sharing one subchannel (one connection) between clients.
  const newClient = (i: number) => new grpc.Client(target, grpc.credentials.createInsecure(), { 'grpc.meshtax.channel': `${i}-${opened}` });
  let opened = 0;
  type Channel = { client: grpc.Client; calls: number; inFlight: number; retired: boolean };
  const open = (i: number): Channel => {
    opened += 1;
    return { client: newClient(i), calls: 0, inFlight: 0, retired: false };
  };
  const clients = Array.from({ length: opts.connections }, (_, i) => open(i));
  // A retired channel closes when its last call is answered: closing earlier would cancel calls.
  const release = (channel: Channel) => {
    channel.inFlight -= 1;
    if (channel.retired && channel.inFlight === 0) channel.client.close();
  };
  let count = 0;
  const request: EchoRequest = { message: '' };
  return {
    send(onDone) {
      const index = count++ % clients.length;
      let channel = clients[index]!;
      if (opts.newConnectionEvery > 0 && channel.calls >= opts.newConnectionEvery) {
        channel.retired = true;
        if (channel.inFlight === 0) channel.client.close();
        channel = clients[index] = open(count);
      }
      channel.calls += 1;
      channel.inFlight += 1;
      const deadline = new Date(Date.now() + opts.timeoutMs);
      channel.client.makeUnaryRequest(echo.path, echo.requestSerialize, echo.responseDeserialize, request, { deadline }, (error: grpc.ServiceError | null, reply?: EchoReply) => {
        release(channel);
        onDone(outcome(error, reply));
      });
    },
    connectionsOpened: () => opened,
    close: async () => clients.forEach((c) => c.client.close()),
  };
}

function outcome(error: grpc.ServiceError | null, reply: EchoReply | undefined): Outcome {
  if (!error) return { status: 'OK', ok: true, timedOut: false, version: reply?.version };
  const status = grpc.status[error.code] ?? String(error.code);
  return { status, ok: false, timedOut: error.code === grpc.status.DEADLINE_EXCEEDED, version: undefined };
}
