import { describe, expect, it } from 'vitest';
import { AppInputError, appArgs, parseAppArgs, type AppOptions } from './index.js';

const options: AppOptions = { version: 'v2', httpPort: 8080, grpcPort: 9090, payloadBytes: 4096, cpuWorkUs: 250, host: '10.0.0.2' };

describe('app options', () => {
  it('round-trips through appArgs and parseAppArgs', () => {
    expect(parseAppArgs(appArgs(options))).toEqual(options);
    expect(parseAppArgs(appArgs({ ...options, grpcPort: null }))).toEqual({ ...options, grpcPort: null });
  });

  it('builds the flags the brief documents', () => {
    expect(appArgs({ ...options, grpcPort: null })).toEqual([
      '--version', 'v2', '--http-port', '8080', '--payload-bytes', '4096', '--cpu-work-us', '250', '--host', '10.0.0.2',
    ]);
  });

  it('fills defaults: v1, any HTTP port, no gRPC, 1 KiB, no CPU work, loopback', () => {
    expect(parseAppArgs([])).toEqual({ version: 'v1', httpPort: 0, grpcPort: null, payloadBytes: 1024, cpuWorkUs: 0, host: '127.0.0.1' });
    expect(parseAppArgs(['--grpc-port', '-1']).grpcPort).toBeNull();
    expect(parseAppArgs(['--grpc-port=-1']).grpcPort).toBeNull();
  });

  it('rejects unknown flags, non-integers and out-of-range values with the flag name', () => {
    expect(() => parseAppArgs(['--bogus'])).toThrow(AppInputError);
    expect(() => parseAppArgs(['--http-port', 'eighty'])).toThrow(/--http-port must be an integer/);
    expect(() => parseAppArgs(['--payload-bytes', '-1'])).toThrow(/--payload-bytes must be an integer from 0/);
    expect(() => parseAppArgs(['--cpu-work-us', '1.5'])).toThrow(/--cpu-work-us/);
    expect(() => parseAppArgs(['--version', 'v 1'])).toThrow(/--version/);
    expect(() => appArgs({ ...options, httpPort: 70000 })).toThrow(/--http-port/);
  });
});
