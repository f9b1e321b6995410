/**
 * probes — samplers that run beside the load (DESIGN.md "probes"). Parsers (text → numbers) are
 * pure and exported for tests and reuse; samplers read files with fs.promises on a timer, never
 * spawn a process while sampling, and return a `ProbeSeries` on stop.
 */
export type { Probe, ProbeSeries, ReadText } from './types.js';
export { DEFAULT_INTERVAL_MS } from './sampler.js';
export { ProbeSeriesSchema } from './schema.js';

export {
  createProbes,
  startProbes,
  stopProbes,
  measureProbeOverhead,
  type AnyProbeSeries,
  type StartProbesOptions,
  type RunningProbes,
  type ProbeOverhead,
} from './probe-set.js';

export {
  createCpuStealProbe,
  parseProcStat,
  cpuTimesPct,
  summarizeCpuSteal,
  type CpuStealOptions,
  type CpuStealSample,
  type CpuTimesPct,
  type CpuTicks,
} from './cpu-steal.js';

export {
  createCpuPressureProbe,
  parsePressure,
  stallPct,
  type CpuPressureOptions,
  type CpuPressureSample,
  type Pressure,
} from './cpu-pressure.js';

export {
  createCgroupThrottlingProbe,
  detectCgroupVersion,
  detectCgroupLayout,
  cgroupLayoutFromMounts,
  parseCgroupV1CpuStat,
  parseCgroupV2CpuStat,
  parseProcCgroup,
  cgroupPathOfPid,
  type CgroupVersion,
  type CgroupLayout,
  type CgroupCpuStat,
  type CgroupThrottlingOptions,
  type CgroupThrottlingSample,
} from './cgroup-throttling.js';

export {
  createDiskStatsProbe,
  parseDiskStats,
  findDiskForPath,
  decodeDev,
  isVirtualDisk,
  type DiskCounters,
  type DiskForPath,
  type DiskIntervalStats,
  type DiskStatsOptions,
  type DiskStatsSample,
} from './disk-stats.js';

export { createFdatasyncProbe, type FdatasyncOptions, type FdatasyncSample } from './fdatasync.js';

export {
  createProcessUsageProbe,
  parseProcPidStat,
  parseVmRssKiB,
  type ProcessRole,
  type ProcessSpec,
  type ProcessUsageOptions,
  type ProcessUsageSample,
  type ProcessIntervalUsage,
} from './process-usage.js';

export {
  collectHostInventory,
  HostInventorySchema,
  DiskInventorySchema,
  type HostInventory,
  type DiskInventory,
  type HostInventoryOptions,
} from './host-inventory.js';

export { parseMountInfo, type MountInfo } from './mountinfo.js';

export { localNodeReader, LOCAL_READER_WHERE, type NodeFiles, type NodeReader } from './node-reader.js';
export {
  openStreamNodeReader,
  hostMountTranslation,
  NODE_READER_PROGRAM,
  type ReaderStream,
  type StreamNodeReaderOptions,
} from './stream-node-reader.js';
