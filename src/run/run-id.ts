import { randomBytes } from 'node:crypto';

/** e.g. `20261124-231502-mtls-strict-3fa9`: sortable, names the scenario, unique per run. */
export function newRunId(scenario: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${scenario}-${randomBytes(2).toString('hex')}`;
}
