/**
 * The result record: one JSON file per run, the source every report and comparison is rendered
 * from. Versioned; CI parses it, so field names are a contract. Raw per-trial histograms are
 * kept so a report can be re-rendered and runs compared later.
 */
import { z } from 'zod';
import { LoadResultSchema } from '../load/types.js';
import { HostInventorySchema, ProbeSeriesSchema } from '../probes/index.js';

export const SCHEMA_VERSION = 1;

const Verdict = z.enum(['PASS', 'FAIL', 'INCONCLUSIVE']);

export const SummaryRowSchema = z.object({
  profile: z.string(),
  /** The offered load level (open loop) or connection count label (closed loop). */
  rateRps: z.number(),
  /** 0: keep-alive; N: a new connection every N requests (connection-setup cost included). */
  newConnectionEvery: z.number().int(),
  percentile: z.number(),
  /** Medians over rounds; null when no round could be measured. */
  baselineUs: z.number().nullable(),
  meshUs: z.number().nullable(),
  /** Median over rounds of (mesh − baseline) within each round. */
  taxUs: z.number().nullable(),
  /** 95% (settings.confidence) bootstrap interval of the median tax; null ends: unknown (too few rounds). */
  ciUs: z.tuple([z.number().nullable(), z.number().nullable()]),
  /** The smallest tax this run can tell from zero (A/A); null: unknown. */
  noiseFloorUs: z.number().nullable(),
  rounds: z.number().int(),
  verdict: Verdict,
  /** Why a figure should not be taken at face value (too few rounds, invalid trials, …). */
  flags: z.array(z.string()),
});

export const LevelSummarySchema = z.object({
  profile: z.string(),
  rateRps: z.number(),
  newConnectionEvery: z.number().int(),
  offeredRps: z.number().nullable(),
  baselineAchievedRps: z.number(),
  meshAchievedRps: z.number(),
  validTrials: z.number().int(),
  invalidTrials: z.number().int(),
  invalidReasons: z.array(z.string()),
});

/**
 * The extra tax when connections are short-lived: churn tax − keep-alive tax at the same level.
 * Its interval is conservative: the difference of the two intervals' far ends.
 */
export const ConnectionSetupTaxSchema = z.object({
  profile: z.string(),
  rateRps: z.number(),
  newConnectionEvery: z.number().int(),
  percentile: z.number(),
  extraTaxUs: z.number().nullable(),
  ciUs: z.tuple([z.number().nullable(), z.number().nullable()]),
});

export const TrialRecordSchema = z.object({
  index: z.number().int(),
  profile: z.string(),
  rateRps: z.number(),
  newConnectionEvery: z.number().int(),
  round: z.number().int(),
  variant: z.enum(['baseline', 'mesh']),
  slot: z.union([z.literal(0), z.literal(1)]),
  warmup: z.boolean(),
  startedAt: z.string(),
  valid: z.boolean(),
  invalidReasons: z.array(z.string()),
  load: LoadResultSchema,
  /** Host and process signals sampled beside the load (steal, PSI, throttling, disk, per-process CPU/RSS). */
  probes: z.array(ProbeSeriesSchema).optional(),
  /** CPU the harness itself used during the trial (probes, bookkeeping), ms. */
  harnessCpuMs: z.number().optional(),
  /** Envoy counters after the trial (mesh trials), per sidecar. */
  envoyStats: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  /**
   * How far the driver's schedule lag moved each judged percentile of this trial, µs: latency from
   * the intended send minus service time, at that percentile (open loop; valid trials too).
   */
  lagEffectUs: z.record(z.string(), z.number()).optional(),
  /** Earlier attempts of this trial, invalid for the driver's own reasons (lag, unsent requests) and run again at once. */
  retriedAttempts: z.array(z.object({ startedAt: z.string(), invalidReasons: z.array(z.string()), load: LoadResultSchema })).optional(),
});

export const CheckSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  detail: z.string(),
});

/** How a node profile was enforced on this machine. */
export const ProfileSetupSchema = z.object({
  profile: z.string(),
  kind: z.enum(['dedicated', 'shared-core']),
  fidelity: z.object({ level: z.enum(['full', 'reduced']), reason: z.string() }),
  clientCpus: z.string(),
  serverCpus: z.string(),
  neighbourCpus: z.string().nullable(),
  quotaPct: z.number().nullable(),
  neighbourDutyPct: z.number(),
  linkDelayMs: z.number(),
  notes: z.array(z.string()),
  /** What carried the mesh path of this profile's trials (absent: sidecars). `ambient`: a ztunnel per node; its "sidecar" probe figures are the ztunnels'. */
  dataPlane: z.enum(['sidecar', 'ambient']).optional(),
});

/**
 * What the probes say about a profile's measured trials: the machine's state beside the tax, and
 * what a sidecar costs. Null: the signal was not available here.
 */
export const ProfileProbeSummarySchema = z.object({
  profile: z.string(),
  stealPctMean: z.number().nullable(),
  stealPctMax: z.number().nullable(),
  cpuPressurePct: z.number().nullable(),
  /** Throttled share of CFS periods of the server node's cgroup. */
  throttledPct: z.number().nullable(),
  throttledMs: z.number().nullable(),
  /** Worst trial's p99 of per-interval read/write await over the disks sampled. */
  diskAwaitP99Ms: z.number().nullable(),
  /** p99 of fdatasync after a small write on the results disk, pooled over trials (etcd wants < 10 ms). */
  fdatasyncP99Ms: z.number().nullable(),
  /** Client + server sidecars' CPU per 1000 requests per second (mesh trials, keep-alive). */
  sidecarMillicoresPer1000Rps: z.number().nullable(),
  /** Largest resident memory of one sidecar. */
  sidecarRssMiB: z.number().nullable(),
  appMillicoresPer1000Rps: z.number().nullable(),
  /**
   * The harness's own CPU during trials, percent of one core: the probes plus its bookkeeping
   * (it does nothing else while load runs), so an upper bound on what the probes cost.
   */
  harnessCpuPctOfCore: z.number().nullable(),
});

const nullableUs = z.number().nullable();

/** One load level the capacity search tried, with the figures at the search's percentile. */
export const CapacityLevelSchema = z.object({
  /** Offered load, rps. */
  rateRps: z.number(),
  /** ramp: rate × factor from the start; refine: bisection between the last pass and the first fail. */
  phase: z.enum(['ramp', 'refine']),
  baselineAchievedRps: z.number(),
  meshAchievedRps: z.number(),
  /** Medians over rounds at capacity.search.percentile, µs; null: not measured. */
  baselineUs: nullableUs,
  meshUs: nullableUs,
  taxUs: nullableUs,
  ciUs: z.tuple([nullableUs, nullableUs]),
  /** Seconds per trial at this level (longer than the search's trialSeconds at low rates, for enough requests). */
  trialSeconds: z.number(),
  /** Failed requests through the mesh, % of those sent. */
  errorPct: z.number(),
  validTrials: z.number().int(),
  invalidTrials: z.number().int(),
  /** Every trial of the level was valid. */
  valid: z.boolean(),
  outcome: z.enum(['pass', 'over-budget', 'uncertain', 'errors', 'invalid']),
  passed: z.boolean(),
  /** The deciding figure in words (why it passed or failed). */
  reason: z.string(),
  /** Where and why the level's sequential looks stopped (absent in records before levels looked). */
  stopping: z
    .object({
      /** decisive: the look passed or failed the level; max-duration: the next look would end past the level's or the search's cap; max-rounds: the last look, or the planned rounds ran out. */
      reason: z.enum(['decisive', 'max-duration', 'max-rounds', 'interrupted']),
      /** The look it stopped at (1-based); 0: before its first look. */
      look: z.number().int(),
      looks: z.number().int(),
      /** Rounds holding both sides when it stopped (the interval's rounds). */
      rounds: z.number().int(),
      /** Seconds from the level's start (warm-up included). */
      elapsedS: z.number(),
    })
    .optional(),
});

export const CapacityCostSchema = z.object({
  nodeType: z.string().nullable(),
  perHour: z.number().nullable(),
  currency: z.string().nullable(),
  targetRps: z.number().nullable(),
  /** ceil(targetRps / maxRateWithinBudgetRps); null without a target or a capacity. */
  nodesNeeded: z.number().int().nullable(),
  fleetPerHour: z.number().nullable(),
  /** perHour / (maxRateWithinBudgetRps × 3600) × 10⁶; null without a price or a capacity. */
  costPerMillionRequests: z.number().nullable(),
  /** What is missing for a money figure; empty when nothing is. */
  note: z.string(),
});

/** The capacity of one node profile. */
export const CapacityProfileSchema = z.object({
  /** The node profile, or for a `dataPlane: both` search the pass (`dedicated-ambient`). */
  profile: z.string(),
  /** The node profile of bench.config.ts when `profile` is a data plane's pass; absent: `profile`. */
  nodeProfile: z.string().optional(),
  /** What carried the mesh path when the scenario chose a data plane; `ambient`: `sidecar` holds the ztunnels' cost. */
  dataPlane: z.enum(['sidecar', 'ambient']).optional(),
  /** Every level tried, in the order measured. */
  levels: z.array(CapacityLevelSchema),
  /** The highest offered load that passed; null when none did. */
  maxRateWithinBudgetRps: z.number().nullable(),
  /** The lowest offered load that failed; null when none did. */
  firstFailingRps: z.number().nullable(),
  /** refined: bisected; max-rps: passed at capacity.search.maxRps (capacity at least that); start-rate: the first level failed; time-cap: the search's time ran out; interrupted. */
  stop: z.enum(['refined', 'max-rps', 'start-rate', 'time-cap', 'interrupted']),
  /** Kneedle's knee of the mesh latency (at the search percentile) against offered load; null: none found. */
  kneeRps: z.number().nullable(),
  sidecar: z.object({
    /** Client + server sidecar CPU per 1000 rps (valid keep-alive mesh trials). */
    millicoresPer1000Rps: z.number().nullable(),
    /** Largest resident memory of one sidecar. */
    rssMiB: z.number().nullable(),
    /** Cores both sidecars keep busy at the capacity. */
    coresAtCapacity: z.number().nullable(),
  }),
  cost: CapacityCostSchema,
  recommendation: z.string(),
});

/** The two searches of one node profile side by side (src/capacity/data-planes.ts). */
export const DataPlaneCapacitySchema = z.object({
  profile: z.string(),
  /** The `profile` of the two searches in `profiles`. */
  sidecar: z.string(),
  ambient: z.string(),
  /** Which carries more within budget, as far as the searches' brackets (last pass, first fail) show. */
  reading: z.enum(['ambient-more', 'sidecar-more', 'cannot-tell', 'none-within-budget']),
  /** Ambient's capacity ÷ the sidecars'; null unless both have one. */
  capacityRatio: z.number().nullable(),
  recommendation: z.string(),
});

/** The capacity-planning report of a run with a `capacity` search (absent for fixed-level runs). */
export const CapacitySchema = z.object({
  search: z.object({
    startRps: z.number(),
    maxRps: z.number(),
    factor: z.number(),
    refineSteps: z.number().int(),
    roundsPerLevel: z.number().int(),
    trialSeconds: z.number(),
    warmupSeconds: z.number(),
    maxErrorPct: z.number(),
    percentile: z.number(),
    /** Requests a trial must hold (trials at low rates run longer); absent in records before it existed. */
    minRequestsPerTrial: z.number().int().optional(),
    /** The levels' sequential looks (absent in records before levels looked): the most rounds, the caps, the looks and their corrected confidence, the rule in words. */
    maxRoundsPerLevel: z.number().int().optional(),
    maxLevelSeconds: z.number().optional(),
    maxSearchSeconds: z.number().optional(),
    looks: z.array(z.number().int()).optional(),
    lookConfidence: z.number().optional(),
    rule: z.string().optional(),
  }),
  budgetUs: z.number(),
  profiles: z.array(CapacityProfileSchema),
  /** Per node profile searched with both data planes: sidecars or ambient (absent unless `dataPlane: both`). */
  dataPlanes: z.array(DataPlaneCapacitySchema).optional(),
  /** Which profile to buy, in plain words. */
  recommendation: z.string(),
});

/**
 * How a default run stopped (issue 13 §3; absent for --quick, capacity searches and fixed runs):
 * the rule, the looks, and per level the look it stopped at and why. The summary's intervals are
 * at `lookConfidence` (also `settings.confidence`), the level the rule judged them at.
 */
export const StoppingSchema = z.object({
  /** The rule in words. */
  rule: z.string(),
  /** The run's stated confidence: its error rate over all looks is at most 1 − this. */
  confidence: z.number(),
  /** Each look's intervals, Bonferroni-corrected: 1 − (1 − confidence)/looks. */
  lookConfidence: z.number(),
  /** Round counts at which a level looks, ascending; the last is the most it makes. */
  looks: z.array(z.number().int()),
  /** The run's time cap, seconds (`--max-duration`). */
  maxDurationS: z.number(),
  levels: z.array(
    z.object({
      profile: z.string(),
      rateRps: z.number(),
      newConnectionEvery: z.number().int(),
      /** decisive: every verdict percentile PASSed or one FAILed (and, compared with a baseline, the comparison was settled); max-duration: the next look would end past the cap; max-rounds: the last look; interrupted: the run stopped before a look ended the level. */
      reason: z.enum(['decisive', 'max-duration', 'max-rounds', 'interrupted']),
      /** The look it stopped at (1-based); 0: stopped before its first look. */
      look: z.number().int(),
      /** Completed rounds when it stopped. */
      rounds: z.number().int(),
      /** The verdict at that look (INCONCLUSIVE before any). */
      verdict: Verdict,
      /** Seconds from the level's start (warm-up included). */
      elapsedS: z.number(),
    }),
  ),
});

/** A node of the cluster a Kubernetes run used, as the API server describes it. */
export const ClusterNodeSchema = z.object({
  name: z.string(),
  kubeletVersion: z.string(),
  containerRuntime: z.string(),
  osImage: z.string(),
  kernel: z.string(),
  /** CPUs and memory the node has, and what it offers pods (allocatable), as Kubernetes quantities. */
  capacity: z.object({ cpu: z.string(), memory: z.string() }),
  allocatable: z.object({ cpu: z.string(), memory: z.string() }),
  labels: z.record(z.string(), z.string()),
  /** The kubelet's `cpuManagerPolicy` (its /configz through the API server): `static` pins Guaranteed pods' whole CPUs; null: unreadable. */
  cpuManagerPolicy: z.string().nullable().optional(),
});

const PodResourcesSchema = z.object({ requests: z.record(z.string(), z.string()).optional(), limits: z.record(z.string(), z.string()).optional() });

/** Where the run ran. Absent: the local target (processes and namespaces on this machine). */
export const TargetRecordSchema = z.object({
  name: z.enum(['local', 'kubernetes']),
  kubernetes: z
    .object({
      /** The API server's version (`gitVersion`). */
      serverVersion: z.string(),
      context: z.string().nullable(),
      /** The run's namespace (deleted at the end of the run). */
      namespace: z.string(),
      /** `meshtax-envoy`: meshtax's own Envoy sidecar containers (no Istio); `istio`: Istio's injected proxies. */
      sidecarMode: z.enum(['meshtax-envoy', 'istio']),
      /** How the sidecar mode was chosen (absent in records from before it was detected). */
      sidecarDetection: z
        .object({
          /** targets.kubernetes.sidecars: `auto` detects; `istio`/`meshtax` force a mode. */
          requested: z.enum(['auto', 'istio', 'meshtax']),
          /** Why this mode, in one sentence. */
          reason: z.string(),
          crdsFound: z.array(z.string()),
          crdsMissing: z.array(z.string()),
          /** istiod's Service/Deployment found in istio-system, e.g. `Service istio-system/istiod`. */
          istiod: z.array(z.string()),
          /** Istio's sidecar-injector MutatingWebhookConfigurations (with their revision). */
          injectorWebhooks: z.array(z.string()),
          /** What could not be read (RBAC), in kubectl's words. */
          unreadable: z.array(z.string()),
          /** Istio mode: the pod label that asked for injection, e.g. `sidecar.istio.io/inject=true`. */
          injectionLabel: z.string().nullable(),
        })
        .optional(),
      /** Istio mode: what was applied in the run's namespace and which mesh pods got Istio's proxy. */
      istio: z
        .object({
          /** The scenario's Istio resources as read back from the API server, `Kind namespace/name`. */
          resourcesApplied: z.array(z.string()),
          notes: z.array(z.string()),
          injection: z.array(z.object({ profile: z.string(), pod: z.string(), role: z.string(), istioProxy: z.boolean() })),
        })
        .optional(),
      images: z.object({ app: z.string(), envoy: z.string() }),
      /** Where the load agent ran and how it reached the pods, in words. */
      loadAgent: z.string(),
      /** Where each profile's load agent ran: a pod (its node and address) or the harness host; how the harness reached it. */
      loadAgents: z
        .array(z.object({ profile: z.string(), where: z.enum(['pod', 'host']), pod: z.string().nullable(), node: z.string().nullable(), ip: z.string().nullable(), qosClass: z.string().nullable().optional(), reachedBy: z.string() }))
        .optional(),
      nodes: z.array(ClusterNodeSchema),
      /** Which node each pod ran on, per profile. */
      pods: z.array(
        z.object({
          profile: z.string(),
          pod: z.string(),
          role: z.string(),
          node: z.string(),
          ip: z.string(),
          /** The QoS class the API server gave the pod (status.qosClass). */
          qosClass: z.string().nullable().optional(),
          /** Pod-level and per-container requests/limits as the API server kept them. */
          resources: z.object({ pod: PodResourcesSchema.nullable(), containers: z.record(z.string(), PodResourcesSchema) }).optional(),
        }),
      ),
      /** How the load reached each path, per profile (a Service's ClusterIP: one kube-proxy iptables hop on each path). */
      paths: z.array(z.object({ profile: z.string(), path: z.enum(['baseline', 'mesh']), service: z.string(), address: z.string(), via: z.string() })).optional(),
    })
    .optional(),
});

export const ResultRecordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({
    name: z.literal('meshtax'),
    version: z.string(),
    /** The git commit meshtax ran from; null outside a checkout. */
    commit: z.string().nullable().optional(),
  }),
  /** How the run was started: the command line after `meshtax` (or `npm run bench --`), and where. */
  invocation: z.object({ argv: z.array(z.string()), cwd: z.string() }).optional(),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  /** completed, or partial when interrupted (Ctrl-C, a child died): what was measured is kept. */
  state: z.enum(['completed', 'partial']),
  partialReason: z.string().optional(),
  scenario: z.object({
    name: z.string(),
    description: z.string(),
    file: z.string(),
    istioYaml: z.string(),
    definition: z.record(z.string(), z.unknown()),
  }),
  settings: z.object({
    quick: z.boolean(),
    profiles: z.array(z.string()),
    /** Rounds per level: the fixed count; for a run that stops when it knows, the most any level made (at least its first look). */
    rounds: z.number().int(),
    trialSeconds: z.number(),
    warmupSeconds: z.number(),
    percentiles: z.array(z.number()),
    verdictPercentiles: z.array(z.number()),
    /** Confidence of the summary's intervals (a run that stops when it knows: each look's corrected confidence, see `stopping`). */
    confidence: z.number(),
    bootstrapResamples: z.number().int(),
    bootstrapSeed: z.number().int(),
    maxScheduleLagUs: z.number(),
  }),
  fidelity: z.object({ level: z.enum(['full', 'reduced']), reason: z.string() }),
  environment: HostInventorySchema,
  /** Where the run ran (absent: the local target). */
  target: TargetRecordSchema.optional(),
  profiles: z.array(ProfileSetupSchema),
  probes: z.array(ProfileProbeSummarySchema),
  envoy: z.object({
    version: z.string(),
    build: z.string(),
    binary: z.string(),
    source: z.string(),
    concurrency: z.number().int(),
    configuration: z.string(),
    /** Every sidecar's generated configuration, per profile, as it ran. */
    configs: z.array(z.object({ profile: z.string(), sidecar: z.string(), config: z.record(z.string(), z.unknown()) })).optional(),
  }),
  budgetUs: z.number(),
  verdict: Verdict,
  summary: z.array(SummaryRowSchema),
  levels: z.array(LevelSummarySchema),
  connectionSetupTax: z.array(ConnectionSetupTaxSchema),
  checks: z.array(CheckSchema),
  trials: z.array(TrialRecordSchema),
  cleanup: z.object({ failures: z.array(z.string()) }),
  /** The capacity-planning report, when the scenario ran a capacity search. */
  capacity: CapacitySchema.optional(),
  /** Where and why a default run stopped adding rounds (see StoppingSchema). */
  stopping: StoppingSchema.optional(),
});

export type ResultRecord = z.infer<typeof ResultRecordSchema>;
export type SummaryRowRecord = z.infer<typeof SummaryRowSchema>;
export type TrialRecord = z.infer<typeof TrialRecordSchema>;
export type LevelSummary = z.infer<typeof LevelSummarySchema>;
export type Check = z.infer<typeof CheckSchema>;
export type TargetRecord = z.infer<typeof TargetRecordSchema>;
export type ClusterNode = z.infer<typeof ClusterNodeSchema>;
export type ConnectionSetupTax = z.infer<typeof ConnectionSetupTaxSchema>;
export type ProfileSetup = z.infer<typeof ProfileSetupSchema>;
export type ProfileProbeSummary = z.infer<typeof ProfileProbeSummarySchema>;
export type CapacityReport = z.infer<typeof CapacitySchema>;
export type CapacityProfile = z.infer<typeof CapacityProfileSchema>;
export type DataPlaneCapacityRecord = z.infer<typeof DataPlaneCapacitySchema>;
export type CapacityLevel = z.infer<typeof CapacityLevelSchema>;
export type StoppingRecord = z.infer<typeof StoppingSchema>;

/** The published JSON Schema, generated from the same definition the code validates with. */
export function resultJsonSchema(): object {
  return z.toJSONSchema(ResultRecordSchema, { target: 'draft-2020-12' });
}
