export { listScenarios, loadScenario, type LoadedScenario, type ScenarioEntry } from './catalog.js';
export { parseIstioYaml, translateIstio, type IstioResource } from './istio/translate.js';
export type * from './policy.js';
