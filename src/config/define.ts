import type { BenchConfigInput, ScenarioInput } from './schema.js';

/** Identity: gives `bench.config.ts` types and editor help; validation happens on load. */
export function defineConfig(config: BenchConfigInput): BenchConfigInput {
  return config;
}

/** Identity: gives a scenario file types and editor help; validation happens on load. */
export function defineScenario(scenario: ScenarioInput): ScenarioInput {
  return scenario;
}
