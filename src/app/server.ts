/**
 * The sample API as a process (one "pod"):
 *   node --import tsx src/app/server.ts --version v1 --http-port 0 --grpc-port 0 \
 *     --payload-bytes 1024 --cpu-work-us 0 --host 127.0.0.1
 * Prints one line, `READY {"version":…,"httpPort":…,"grpcPort":…,"pid":…}`, once it listens,
 * and nothing else on stdout. SIGTERM or SIGINT closes the servers and exits 0.
 * Exit codes (as src/errors.ts): 2 bad flags, 3 could not listen (port in use, address not here).
 */
import type http from 'node:http';
import type * as grpc from '@grpc/grpc-js';
import { ExitCode } from '../errors.js';
import { startGrpcServer, stopGrpcServer } from './grpc-server.js';
import { listeningPort, startHttpServer } from './http-server.js';
import { AppInputError, parseAppArgs, type AppOptions } from './options.js';
import { buildPayload } from './payload.js';
import { formatReadyLine } from './ready.js';

/** Time given to in-flight requests on shutdown before connections are cut. */
const SHUTDOWN_GRACE_MS = 2_000;

function fail(message: string, code: number): never {
  process.stderr.write(`meshtax app: ${message}\n`);
  process.exit(code);
}

function closeHttp(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections(); // kept-alive idle sockets would otherwise hold close() open
  });
}

async function main(): Promise<void> {
  let options: AppOptions;
  try {
    options = parseAppArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof AppInputError) fail(error.message, ExitCode.badInput);
    throw error;
  }

  const payload = buildPayload(options.version, options.payloadBytes);
  let httpServer: http.Server;
  let grpcServer: grpc.Server | undefined;
  let grpcPort: number | null = null;
  try {
    httpServer = await startHttpServer(options, { version: options.version, cpuWorkUs: options.cpuWorkUs, payload });
  } catch (error) {
    fail(`cannot listen for HTTP on ${options.host}:${options.httpPort}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.environment);
  }
  if (options.grpcPort !== null) {
    try {
      const started = await startGrpcServer(
        { host: options.host, grpcPort: options.grpcPort },
        { version: options.version, cpuWorkUs: options.cpuWorkUs, payload: payload.body },
      );
      grpcServer = started.server;
      grpcPort = started.port;
    } catch (error) {
      fail(`cannot listen for gRPC on ${options.host}:${options.grpcPort}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.environment);
    }
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const servers = [closeHttp(httpServer), grpcServer === undefined ? Promise.resolve() : stopGrpcServer(grpcServer, SHUTDOWN_GRACE_MS)];
    void Promise.all(servers).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  process.stdout.write(`${formatReadyLine({ version: options.version, httpPort: listeningPort(httpServer), grpcPort, pid: process.pid })}\n`);
}

await main();
