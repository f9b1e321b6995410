/** One HTTP request from a short-lived Node process started on a node (its namespace, its group). */
import { execa } from 'execa';
import type { CommandWrapper } from '../../process/index.js';

const PROBE_TIMEOUT_MS = 10_000;

const REQUEST_SCRIPT = `
const http = require('node:http');
const [url, method] = process.argv.slice(1);
const req = http.request(url, { method, timeout: 3000, agent: false }, (res) => {
  res.resume();
  res.on('end', () => console.log(JSON.stringify({ status: res.statusCode, server: res.headers.server ?? null })));
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (e) => console.log(JSON.stringify({ error: e.code ?? e.message })));
req.end();
`;

export type NodeResponse = { readonly status: number; readonly server: string | null } | { readonly error: string };

export async function requestFromNode(wrap: CommandWrapper, url: string, method = 'GET'): Promise<NodeResponse> {
  const { file, args } = wrap(process.execPath, ['-e', REQUEST_SCRIPT, url, method]);
  const result = await execa(file, args, { reject: false, timeout: PROBE_TIMEOUT_MS, cleanup: true, stdin: 'ignore' });
  try {
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as NodeResponse;
  } catch {
    return { error: `probe failed: ${(result.stderr || result.shortMessage || '').split('\n')[0]}` };
  }
}

export const describeResponse = (r: NodeResponse) => ('error' in r ? `refused (${r.error})` : `served (HTTP ${r.status}${r.server ? `, server: ${r.server}` : ''})`);
