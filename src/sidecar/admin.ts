import http from 'node:http';

/**
 * Envoy's admin interface, reached over a unix socket in the run's private folder: it is never
 * on a network address (not even inside a node's namespace), yet the harness reaches it from
 * outside any namespace.
 */
export function adminGet(socketPath: string, urlPath: string, timeoutMs = 2_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: urlPath, method: 'GET', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`admin ${urlPath} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Counters and gauges from `/stats` as name → value (histograms are left out). */
export function parseStats(text: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const sep = line.lastIndexOf(': ');
    if (sep < 0) continue;
    const value = Number(line.slice(sep + 2));
    if (Number.isFinite(value)) stats[line.slice(0, sep)] = value;
  }
  return stats;
}

export async function readStats(socketPath: string): Promise<Record<string, number>> {
  const { status, body } = await adminGet(socketPath, '/stats');
  if (status !== 200) throw new Error(`Envoy admin /stats answered ${status}`);
  return parseStats(body);
}

export async function isReady(socketPath: string): Promise<boolean> {
  try {
    const { status, body } = await adminGet(socketPath, '/ready', 1_000);
    return status === 200 && body.trim() === 'LIVE';
  } catch {
    return false;
  }
}
