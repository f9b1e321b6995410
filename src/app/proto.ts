/** The gRPC contract (`sample.proto`): loading it, typed messages, and a small typed client. */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** Absolute path of `sample.proto` (service `sample.Sample`, rpc `Echo`). */
export const SAMPLE_PROTO_PATH = fileURLToPath(new URL('./sample.proto', import.meta.url));

/** Loader options both ends use: camelCase fields, 64-bit ints as numbers, defaults filled in. */
export const SAMPLE_PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The full method path, as it appears in HTTP/2 `:path` and Envoy route matches. */
export const ECHO_METHOD_PATH = '/sample.Sample/Echo';

export interface EchoRequest {
  readonly message?: string;
  /** CPU work for this call in microseconds; absent means the server's `--cpu-work-us`. */
  readonly cpuUs?: number;
}

export interface EchoReply {
  /** The app version that answered. */
  readonly version: string;
  readonly message: string;
  readonly payload: Buffer;
}

export interface SampleProto {
  /** For `server.addService`. */
  readonly service: grpc.ServiceDefinition;
  /** Typed Echo method: serializers for `client.makeUnaryRequest` or a hand-written server. */
  readonly echo: grpc.MethodDefinition<EchoRequest, EchoReply>;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${what} is not a message object`);
  return value as Record<string, unknown>;
}

/** Narrows a decoded EchoRequest (the loader returns plain objects). */
export function toEchoRequest(value: unknown): EchoRequest {
  const r = asRecord(value, 'EchoRequest');
  const message = typeof r.message === 'string' ? r.message : '';
  return typeof r.cpuUs === 'number' ? { message, cpuUs: r.cpuUs } : { message };
}

/** Narrows a decoded EchoReply; throws if `version` or `payload` is missing. */
export function toEchoReply(value: unknown): EchoReply {
  const r = asRecord(value, 'EchoReply');
  if (typeof r.version !== 'string' || !Buffer.isBuffer(r.payload)) {
    throw new TypeError('EchoReply lacks "version" (string) or "payload" (bytes)');
  }
  return { version: r.version, message: typeof r.message === 'string' ? r.message : '', payload: r.payload };
}

let cached: SampleProto | undefined;

/** Loads `sample.proto` once per process. */
export function loadSampleProto(): SampleProto {
  if (cached !== undefined) return cached;
  const definition = protoLoader.loadSync(SAMPLE_PROTO_PATH, SAMPLE_PROTO_LOADER_OPTIONS);
  const service = definition['sample.Sample'];
  const method = service !== undefined && 'Echo' in service ? service.Echo : undefined;
  if (service === undefined || method === undefined || !('requestSerialize' in method)) {
    throw new Error(`${SAMPLE_PROTO_PATH} does not define service sample.Sample with rpc Echo`);
  }
  const echo: grpc.MethodDefinition<EchoRequest, EchoReply> = {
    path: method.path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: EchoRequest) => method.requestSerialize(value),
    requestDeserialize: (bytes: Buffer) => toEchoRequest(method.requestDeserialize(bytes)),
    responseSerialize: (value: EchoReply) => method.responseSerialize(value),
    responseDeserialize: (bytes: Buffer) => toEchoReply(method.responseDeserialize(bytes)),
  };
  cached = { service: { Echo: echo }, echo };
  return cached;
}

export interface SampleClient {
  /** One Echo call; `deadlineMs` is relative to now. */
  echo(request: EchoRequest, options?: { readonly deadlineMs?: number; readonly metadata?: grpc.Metadata }): Promise<EchoReply>;
  close(): void;
  /** The underlying client, for `makeUnaryRequest` with `loadSampleProto().echo` on hot paths. */
  readonly raw: grpc.Client;
}

/** A typed client of `sample.Sample` at `address` ("host:port"); plaintext unless credentials are given. */
export function createSampleClient(
  address: string,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  channelOptions: grpc.ClientOptions = {},
): SampleClient {
  const { echo } = loadSampleProto();
  const raw = new grpc.Client(address, credentials, channelOptions);
  return {
    raw,
    close: () => raw.close(),
    echo: (request, options = {}) =>
      new Promise((resolve, reject) => {
        const callOptions: grpc.CallOptions = options.deadlineMs === undefined ? {} : { deadline: Date.now() + options.deadlineMs };
        raw.makeUnaryRequest(
          echo.path,
          echo.requestSerialize,
          echo.responseDeserialize,
          request,
          options.metadata ?? new grpc.Metadata(),
          callOptions,
          (error, reply) => (error !== null || reply === undefined ? reject(error ?? new Error('Echo returned no reply')) : resolve(reply)),
        );
      }),
  };
}
