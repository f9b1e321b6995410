export { startLoadAgent, type LoadAgent } from './agent-client.js';
export { judgeTrial, DEFAULT_LIMITS, type TrialValidity, type ValidityLimits } from './validity.js';
export { LoadResultSchema, LoadSpecSchema, type LoadResult, type LoadSpec } from './types.js';
export { arrivalsUs } from './schedule.js';
export { loadAgentSelfTest, type SelfTestOptions, type SelfTestStep } from './self-test.js';
