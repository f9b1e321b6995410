/** The response body, built once per process: exactly `bytes` long, JSON whenever it fits. */

export interface Payload {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * `{"version":"v1","pad":"xxx…"}` padded to exactly `bytes`. If that does not fit, `{"version":"v1"}`
 * padded with spaces before the brace; below that, `x` filler sent as octet-stream.
 * `version` must be JSON-safe (the options check allows only letters, digits, ".", "_" and "-").
 */
export function buildPayload(version: string, bytes: number): Payload {
  const head = `{"version":"${version}","pad":"`;
  const tail = '"}';
  if (bytes >= head.length + tail.length) {
    return { body: Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail, 'utf8'), contentType: 'application/json' };
  }
  const small = `{"version":"${version}"`;
  if (bytes >= small.length + 1) {
    return { body: Buffer.from(small + ' '.repeat(bytes - small.length - 1) + '}', 'utf8'), contentType: 'application/json' };
  }
  return { body: Buffer.alloc(bytes, 'x'), contentType: 'application/octet-stream' };
}
