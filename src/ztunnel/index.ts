/** ztunnel — Istio's ambient node proxy: where its binary comes from, how it is built, started and configured. */
export { findZtunnel, readBuildInfo, ZTUNNEL_FEATURES, ZTUNNEL_HOW_TO, ztunnelStateDir, type ZtunnelBinary, type ZtunnelBuildInfo, type ZtunnelSource } from './provision.js';
export { buildZtunnel, withoutGitOnlyDependency, ztunnelSource, type BuildOptions, type ZtunnelSourceRef } from './build.js';
