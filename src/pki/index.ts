/** pki — a CA per run and SPIFFE workload certificates (keys 0600, removed after the run). */
export {
  createRunPki,
  removeRunPki,
  workloadCert,
  FOREIGN_WORKLOAD_NAME,
  type ForeignPki,
  type RunPki,
  type RunPkiOptions,
  type WorkloadCert,
  type WorkloadSpec,
} from './run-pki.js';
export { PkiInputError, spiffeId } from './spiffe.js';
