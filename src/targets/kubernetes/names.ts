/** Kubernetes names and labels of a run: DNS-1123 labels, at most 63 characters. */

export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'meshtax' } as const;
export const RUN_LABEL = 'meshtax.io/run-id';
export const OWNER_ANNOTATION = 'meshtax.io/owner';
export const PROFILE_LABEL = 'meshtax.io/profile';
export const ROLE_LABEL = 'meshtax.io/role';

const MAX_NAME = 63;

/** Lower-case letters, digits and `-`, starting and ending with an alphanumeric, cut to `max`. */
export function dnsLabel(raw: string, max = MAX_NAME): string {
  const cleaned = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  const cut = cleaned.slice(0, max).replace(/^-+|-+$/g, '');
  return cut === '' ? 'x' : cut;
}

/** The run's namespace: `meshtax-<run id>` (the run id ends in random hex, so two runs never share one). */
export function runNamespace(runId: string): string {
  return dnsLabel(`meshtax-${runId}`);
}

/** A label value: up to 63 of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function labelValue(raw: string): string {
  const cut = raw.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, MAX_NAME).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cut === '' ? 'x' : cut;
}

/** The name of one of a profile's objects, e.g. `dedicated-server-v1`. */
export function objectName(profile: string, ...parts: string[]): string {
  return dnsLabel([profile, ...parts].join('-'));
}
