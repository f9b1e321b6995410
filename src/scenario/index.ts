export { listScenarios, loadScenario, type LoadedScenario, type ScenarioEntry } from './catalog.js';
export { parseIstioYaml, type IstioResource } from './istio/parse.js';
export { translateIstio } from './istio/translate.js';
export { WORKLOAD_PORT, type IstioWorkload } from './istio/workload.js';
export type * from './policy.js';
