/** The app's gRPC server: `sample.Sample/Echo` answers with the version and the payload. */
import * as grpc from '@grpc/grpc-js';
import { spinUs } from './cpu-work.js';
import { MAX_CPU_WORK_US, type AppOptions } from './options.js';
import { loadSampleProto, type EchoReply, type EchoRequest } from './proto.js';

export interface GrpcAppConfig {
  readonly version: string;
  readonly cpuWorkUs: number;
  readonly payload: Buffer;
}

export interface RunningGrpcServer {
  readonly server: grpc.Server;
  readonly port: number;
}

export function createEchoHandler(config: GrpcAppConfig): grpc.handleUnaryCall<EchoRequest, EchoReply> {
  return (call, callback) => {
    const cpuUs = call.request.cpuUs ?? config.cpuWorkUs;
    if (!Number.isSafeInteger(cpuUs) || cpuUs < 0 || cpuUs > MAX_CPU_WORK_US) {
      callback({ code: grpc.status.INVALID_ARGUMENT, details: `cpu_us must be an integer from 0 to ${MAX_CPU_WORK_US}` });
      return;
    }
    spinUs(cpuUs);
    callback(null, { version: config.version, message: call.request.message ?? '', payload: config.payload });
  };
}

/** `host:port` in gRPC's target syntax (IPv6 literals in brackets). */
function bindAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Starts a plaintext gRPC server on `host:grpcPort` (0 = any). Envoy adds mTLS in front of it. */
export function startGrpcServer(options: Pick<AppOptions, 'host'> & { readonly grpcPort: number }, config: GrpcAppConfig): Promise<RunningGrpcServer> {
  const { service } = loadSampleProto();
  const server = new grpc.Server();
  server.addService(service, { Echo: createEchoHandler(config) });
  return new Promise((resolve, reject) => {
    server.bindAsync(bindAddress(options.host, options.grpcPort), grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error !== null) reject(error);
      else resolve({ server, port });
    });
  });
}

/** Graceful shutdown, forced after `graceMs`. */
export function stopGrpcServer(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
