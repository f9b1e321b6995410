/** app — the sample API ("pod"): HTTP/1.1 and gRPC, a version in every response, payload and CPU knobs. */
import { nodeCommand, siblingEntry, type Command } from '../process/index.js';

export { AppInputError, appArgs, MAX_CPU_WORK_US, MAX_PAYLOAD_BYTES, parseAppArgs, type AppOptions } from './options.js';
export { AppReadyError, formatReadyLine, parseReadyLine, READY_PREFIX, waitForReady, type AppReady, type WaitForReadyOptions } from './ready.js';
export {
  createSampleClient,
  ECHO_METHOD_PATH,
  loadSampleProto,
  SAMPLE_PROTO_LOADER_OPTIONS,
  SAMPLE_PROTO_PATH,
  type EchoReply,
  type EchoRequest,
  type SampleClient,
  type SampleProto,
} from './proto.js';

export { APP_SERVER_ENTRY, appCommand } from './command.js';
export { startApp } from './start.js';

/** The run's Zipkin-compatible trace collector (see zipkin-collector.ts). */
export const ZIPKIN_COLLECTOR_ENTRY = siblingEntry(import.meta.url, 'zipkin-collector');
export const ZIPKIN_READY_PREFIX = 'ZIPKIN_READY ';

export function zipkinCollectorCommand(host: string, port: number): Command {
  return nodeCommand(ZIPKIN_COLLECTOR_ENTRY, ['--host', host, '--port', String(port)]);
}
