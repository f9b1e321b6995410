export { ensureEnvoy, envoyVersion, findEnvoy, provisionEnvoy, PINNED_ENVOY_VERSION, verifyEnvoy, type EnvoyBinary } from './provision.js';
export { clientSidecarBootstrap, serverSidecarBootstrap, ISTIO_INBOUND_CAPTURE_PORT, ISTIO_OUTBOUND_CAPTURE_PORT, ISTIO_PROXY_GID } from './istio-layout.js';
export { NO_EXTRAS, type HttpExtras } from './http-extras.js';
export { meshExtras, ZIPKIN_SPANS_PATH, type ExtrasInput } from './mesh-extras.js';
export {
  inboundClusterName,
  outboundClusterName,
  type ClientSidecarSpec,
  type ServerSidecarSpec,
  type EnvoyBootstrap,
  type TlsFiles,
  type SocketAddress,
  type Protocol,
} from './bootstrap.js';
export { startEnvoy, envoyArgs, SIDECAR_CONCURRENCY, SIDECAR_CONFIGURATION, sidecarConfiguration, type EnvoySidecar } from './envoy.js';
export { readStats, parseStats, isReady } from './admin.js';
export { adminSocketPath, createSocketDir, MAX_SOCKET_PATH_BYTES, SOCKET_DIR_PREFIX } from './admin-socket.js';
export { meshBootstraps, validateMeshBootstraps, type EnvoyVerdict } from './preview.js';
