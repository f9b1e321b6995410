/** The app's command line: typed options, the argv that carries them, and its parser. Pure. */
import { parseArgs } from 'node:util';
import { BadInputError } from '../errors.js';

/** How one sample-API process ("pod") is started. */
export interface AppOptions {
  /** Reported in every response (`x-app-version`, gRPC `version`), e.g. "v1" or "v2". */
  readonly version: string;
  /** HTTP/1.1 port; 0 lets the OS choose (read it from the READY line). */
  readonly httpPort: number;
  /** gRPC port; 0 lets the OS choose; `null` starts no gRPC server. */
  readonly grpcPort: number | null;
  /** Size of every response body and of the gRPC reply's `payload`, in bytes. */
  readonly payloadBytes: number;
  /** Simulated CPU work (busy spin) per request, in microseconds; `?cpuUs=` overrides it per request. */
  readonly cpuWorkUs: number;
  /** Address to listen on, e.g. "127.0.0.1" or an address inside a network namespace. */
  readonly host: string;
}

/** Raised for options the caller can fix; the message names the flag and what was expected. Exit 2. */
export class AppInputError extends BadInputError {}

export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
/** One request may spin at most this long (10 s); more is a mistake, not a workload. */
export const MAX_CPU_WORK_US = 10_000_000;
const VERSION = /^[A-Za-z0-9._-]{1,32}$/;

function assertInteger(flag: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new AppInputError(`--${flag} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

/** Checks every option and returns them unchanged; throws `AppInputError` on the first bad one. */
export function validateAppOptions(options: AppOptions): AppOptions {
  if (!VERSION.test(options.version)) {
    throw new AppInputError(`--version must be 1–32 letters, digits, ".", "_" or "-" (e.g. "v1"), got "${options.version}"`);
  }
  assertInteger('http-port', options.httpPort, 0, 65535);
  if (options.grpcPort !== null) assertInteger('grpc-port', options.grpcPort, 0, 65535);
  assertInteger('payload-bytes', options.payloadBytes, 0, MAX_PAYLOAD_BYTES);
  assertInteger('cpu-work-us', options.cpuWorkUs, 0, MAX_CPU_WORK_US);
  if (options.host.length === 0) throw new AppInputError('--host must not be empty (e.g. "127.0.0.1")');
  return options;
}

/** The server's argv (flags only, after the entry path) for `options`. */
export function appArgs(options: AppOptions): string[] {
  validateAppOptions(options);
  return [
    '--version',
    options.version,
    '--http-port',
    String(options.httpPort),
    ...(options.grpcPort === null ? [] : ['--grpc-port', String(options.grpcPort)]),
    '--payload-bytes',
    String(options.payloadBytes),
    '--cpu-work-us',
    String(options.cpuWorkUs),
    '--host',
    options.host,
  ];
}

function intFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new AppInputError(`--${flag} must be an integer, got "${raw}"`);
  return Number(raw);
}

/** `--flag -1` → `--flag=-1`: parseArgs takes a value starting with "-" only in the `=` form. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d+$/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        version: { type: 'string' },
        'http-port': { type: 'string' },
        'grpc-port': { type: 'string' },
        'payload-bytes': { type: 'string' },
        'cpu-work-us': { type: 'string' },
        host: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new AppInputError(`${error instanceof Error ? error.message : String(error)} (flags: --version --http-port --grpc-port --payload-bytes --cpu-work-us --host)`);
  }
}

/**
 * Parses the server's argv. Defaults: version v1, HTTP port 0, no gRPC (grpc port omitted or -1),
 * payload 1024 bytes, no CPU work, host 127.0.0.1. Unknown flags are an error.
 */
export function parseAppArgs(argv: readonly string[]): AppOptions {
  const values = parseFlags(argv);
  const grpcPort = intFlag('grpc-port', values['grpc-port'], -1);
  return validateAppOptions({
    version: values.version ?? 'v1',
    httpPort: intFlag('http-port', values['http-port'], 0),
    grpcPort: grpcPort === -1 ? null : grpcPort,
    payloadBytes: intFlag('payload-bytes', values['payload-bytes'], 1024),
    cpuWorkUs: intFlag('cpu-work-us', values['cpu-work-us'], 0),
    host: values.host ?? '127.0.0.1',
  });
}
