// Test support: fabricated records (real histograms, known taxes) dressed as runs of the shipped
// Istio scenarios — their Istio YAML and sidecar set-up as a real run would record them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../../paths.js';
import type { ResultRecord } from '../../../record/schema.js';
import { sidecarConfiguration } from '../../../sidecar/index.js';
import { fabricateRecord, type FabricateSpec } from '../../../testing/fabricate-record.js';

const ISTIO_SCENARIOS = new Set(['istio-default', 'telemetry-full', 'authz-deny-by-default']);

/** A run of a shipped scenario: `mtls-strict` (minimal pair, 1 worker) or an Istio-layout one (iptables, 2 workers). */
export function scenarioRecord(scenario: string, spec: Omit<FabricateSpec, 'scenario'>): ResultRecord {
  const record = fabricateRecord({ rounds: 8, samplesPerTrial: 600, ...spec, scenario });
  const istio = ISTIO_SCENARIOS.has(scenario);
  const sidecar = istio ? { concurrency: 2, interception: 'iptables' as const } : { concurrency: 1, interception: 'none' as const };
  return {
    ...record,
    scenario: {
      ...record.scenario,
      istioYaml: readFileSync(path.join(projectRoot, 'scenarios', `${scenario}.istio.yaml`), 'utf8'),
      definition: { name: scenario, sidecar, workload: { protocol: 'http', serviceName: 'sample-api', namespace: 'default', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 } },
    },
    envoy: { ...record.envoy, concurrency: sidecar.concurrency, configuration: sidecarConfiguration(istio ? 'istio' : 'minimal', sidecar.concurrency) },
  };
}
