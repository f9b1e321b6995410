export { deployLocal, type LocalDeployInput } from './local/deploy.js';
export { loopbackNodes, pinTo } from './local/loopback.js';
export { freePort } from './local/ports.js';
export type { Deployment, DeployedProcess, Fidelity, NodeRuntime, ProcessRole } from './types.js';
