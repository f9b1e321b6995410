export { defineConfig, defineScenario } from './define.js';
export { CONFIG_FILE, importDefault, loadConfig, loadConfigFile, type LoadedConfig } from './load.js';
export { validate, fieldPath, listProblems, MAX_PROBLEMS_SHOWN } from './validate.js';
export {
  BenchConfigSchema,
  CapacityPlanningSchema,
  CapacitySearchSchema,
  type CapacityPlanning,
  type CapacitySearch,
  DEFAULT_NOISE_LIMITS,
  DEFAULT_REGRESSION,
  NoiseLimitsSchema,
  RegressionSchema,
  type NoiseLimits,
  type RegressionSettings,
  ScenarioSchema,
  TrialTimingSchema,
  type BenchConfig,
  type BenchConfigInput,
  type NodeProfile,
  type NodePool,
  type KubernetesTargetSettings,
  type Scenario,
  type ScenarioInput,
  type TrialTiming,
} from './schema.js';
