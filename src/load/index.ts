export { startLoadAgent, type LoadAgent, type LocalLoadAgent } from './agent-client.js';
export { connectLoadAgent, type ConnectLoadAgentOptions } from './agent-connect.js';
export { serveLoadAgent, trialCapMs, type AgentServer, type AgentServerOptions } from './agent-server.js';
export { spiffeIdOf, type AgentTls } from './agent-tls.js';
export { AGENT_SCHEMA_VERSION } from './agent-protocol.js';
export { judgeTrial, DEFAULT_LIMITS, type TrialValidity, type ValidityLimits } from './validity.js';
export { LoadResultSchema, LoadSpecSchema, type LoadResult, type LoadSpec } from './types.js';
export { arrivalsUs } from './schedule.js';
export { loadAgentSelfTest, type SelfTestOptions, type SelfTestStep } from './self-test.js';
