/**
 * meshtax's public API, for a user's own `bench.config.ts` and scenario files:
 *   import { defineConfig, defineScenario } from 'meshtax';
 */
export { defineConfig, defineScenario } from './config/define.js';
export type { BenchConfig, BenchConfigInput, NodeProfile, Scenario, ScenarioInput } from './config/schema.js';
