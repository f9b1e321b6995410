/** ztunnel — Istio's ambient node proxy: where its binary comes from, how it is built, started and configured. */
export { findZtunnel, readBuildInfo, ZTUNNEL_FEATURES, ZTUNNEL_HOW_TO, ztunnelStateDir, type ZtunnelBinary, type ZtunnelBuildInfo, type ZtunnelSource } from './provision.js';
export { buildZtunnel, withoutGitOnlyDependency, ztunnelSource, type BuildOptions, type ZtunnelSourceRef } from './build.js';
export { getText, principalsIn, startZtunnel, ZTUNNEL_PORTS, ztunnelStats, type Ztunnel, type ZtunnelSpec } from './start.js';
export { localWorkloadConfig, spiffeIdOf, TRUST_DOMAIN, ZTUNNEL_PACKET_MARK, type ZtunnelWorkload } from './workloads.js';
