import { z } from 'zod';

/** A DNS label (RFC 1123), as Kubernetes names services and namespaces, and as SPIFFE IDs and certificates carry them. */
const dnsLabel = z
  .string()
  .max(63, 'at most 63 characters (a DNS label)')
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'a DNS label: lower-case letters, digits and dashes, not starting or ending with a dash');

const positiveSeconds = z.number().positive().max(600);

export const TrialTimingSchema = z.object({
  /** Interleaved rounds; each round measures A B B A (baseline, mesh, mesh, baseline). */
  rounds: z.number().int().min(3).max(200),
  /** Length of one trial (one variant, one slot) in seconds. */
  trialSeconds: positiveSeconds,
  /** Discarded load per variant before the first round, in seconds. */
  warmupSeconds: z.number().min(0).max(600),
});

export const NodeProfileSchema = z.object({
  kind: z.enum(['dedicated', 'shared-core']),
  /** CPUs of the node, as a cpuset list ("0", "0-1"); default: split the host's CPUs between nodes. */
  cpus: z.string().regex(/^\d+(-\d+)?(,\d+(-\d+)?)*$/, 'a cpuset list such as "0" or "0-1"').optional(),
  /** CFS quota in percent of one CPU (shared-core); e.g. 80 = 80 ms per 100 ms period. */
  quotaPct: z.number().positive().max(6400).optional(),
  /** Duty cycle of the noisy neighbour in percent (shared-core). */
  neighbourDutyPct: z.number().min(0).max(100).optional(),
});

export const PriceSchema = z.object({
  perHour: z.number().nonnegative(),
  currency: z.string().min(1).default('USD'),
});

/**
 * When a machine counts as disturbed for a comparison (`npm run compare`, the nightly history): a
 * record whose load level or profile exceeds one of these is `noisy` — never a regression.
 * null switches a check off. Probe figures are read from the profile's entry of `record.probes` when present.
 */
const noiseLimitShape = {
  /** Mean CPU steal over the run, % of CPU time the hypervisor gave to someone else. */
  maxStealPctMean: z.number().min(0).max(100).nullable(),
  /** Highest steal of any sample interval, %. */
  maxStealPctMax: z.number().min(0).max(100).nullable(),
  /**
   * `/proc/pressure/cpu` "some" share, % of time a task waited for a CPU. The benchmark's own
   * processes (load generator, two Envoys, the apps) contend too, so on a small machine a run shows
   * some pressure by itself: the default limit is generous. (On a 2-vCPU VM shared with other work,
   * runs showed 31–73%, with generator lag and invalid trials to match.)
   */
  maxCpuPressurePct: z.number().min(0).max(100).nullable(),
  /** Share of CFS periods in which a cgroup of the run was throttled, %. */
  maxThrottledPct: z.number().min(0).max(100).nullable(),
  /**
   * Median over a load level's trials of the driver's schedule-lag p99, µs. Trials above
   * `maxScheduleLagUs` are already invalid; a median above this says the generator struggled all run.
   */
  maxScheduleLagP99Us: z.number().positive().nullable(),
  /** Invalid trials of a load level, % of its measured trials. */
  maxInvalidTrialPct: z.number().min(0).max(100).nullable(),
};

export const NoiseLimitsSchema = z.object(noiseLimitShape).strict();

export const DEFAULT_NOISE_LIMITS: z.output<typeof NoiseLimitsSchema> = {
  maxStealPctMean: 5,
  maxStealPctMax: 20,
  maxCpuPressurePct: 50,
  maxThrottledPct: 10,
  maxScheduleLagP99Us: 2000,
  maxInvalidTrialPct: 10,
};

/**
 * Deciding "regressed" between two runs (`npm run compare`). A row is a regression only when the
 * per-round taxes differ significantly (p ≤ alpha) AND the median tax grew by at least
 * max(minEffectUs, minEffectPct % of the baseline tax).
 */
export const RegressionSchema = z
  .object({
    /** Smallest change of the median tax that matters, µs. */
    minEffectUs: z.number().min(0).default(50),
    /** Smallest change that matters, % of the baseline's median tax (the larger floor applies). */
    minEffectPct: z.number().min(0).max(1000).default(10),
    /**
     * "No change" means the change's whole interval lies within ± this many µs at a percentile (an
     * equivalence test), never narrower than the change that matters there. It is the size of step
     * a comparison promises not to miss: at the tail, where a run's own tax is least precise, a
     * 10% band could never be shown on a shared machine, so every quiet night would be "can't tell".
     * Keys are percentiles ("50", "99.9"); one not named uses the change that matters.
     */
    noChangeBandUs: z
      .record(z.string().regex(/^\d+(\.\d+)?$/, 'a percentile such as "99" or "99.9"'), z.number().min(0))
      .default({ '50': 100, '90': 200, '99': 1000, '99.9': 2000 }),
    /** Significance level of the test on per-round taxes (Pinpoint uses 0.01). */
    alpha: z.number().gt(0).max(0.2).default(0.01),
    /** Bound on the extra rounds recommended when the answer is "can't tell". */
    maxExtraRounds: z.number().int().min(0).max(200).default(20),
    noiseLimits: NoiseLimitsSchema.default(DEFAULT_NOISE_LIMITS),
    /**
     * Per-profile changes to noiseLimits. shared-core is throttled and contended by design (CFS
     * quota, noisy neighbour), so only steal and generator lag count as disturbance there.
     */
    profileNoiseLimits: z
      .record(z.string(), z.object(noiseLimitShape).partial().strict())
      .default({ 'shared-core': { maxCpuPressurePct: null, maxThrottledPct: null } }),
  })
  .strict();

export type RegressionSettings = z.output<typeof RegressionSchema>;
export type NoiseLimits = z.output<typeof NoiseLimitsSchema>;

export const DEFAULT_REGRESSION: RegressionSettings = RegressionSchema.parse({});

/**
 * The capacity-planning report (`npm run bench -- --scenario capacity`): what the machine is, in
 * the words of `prices`, and the load to plan for. A profile's node type is `nodeTypes[profile]`,
 * else `nodeType`, else the profile's own name when `prices` has it; without a price the report
 * gives capacity and sidecar cost but no money.
 */
export const CapacityPlanningSchema = z
  .object({
    /** The node type this machine stands for, a key of `prices` (e.g. "c6i.large"); `--node-type` overrides it. */
    nodeType: z.string().min(1).optional(),
    /** Node type per node profile, e.g. `{ dedicated: "c6i.large", "shared-core": "t3.medium" }`. */
    nodeTypes: z.record(z.string(), z.string().min(1)).default({}),
    /** The load to plan for, requests per second: the report says how many nodes carry it within budget. */
    targetRps: z.number().positive().max(100_000_000).optional(),
  })
  .strict();

/** Where a profile's pods go on a cluster: the node pool's labels and the taints its pods tolerate. */
export const NodePoolSchema = z
  .object({
    nodeSelector: z.record(z.string(), z.string()).default({}),
    tolerations: z
      .array(z.object({ key: z.string().optional(), operator: z.enum(['Equal', 'Exists']).optional(), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional() }).strict())
      .default([]),
  })
  .strict();

/** `--target kubernetes` settings (flags override them); paths are relative to the config's folder. */
export const KubernetesTargetSchema = z
  .object({
    kubeconfig: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    /** Where the meshtax-app and meshtax-envoy images are; default `localhost/` (the local cluster's, never pulled). */
    imagePrefix: z.string().min(1).optional(),
    imagePullPolicy: z.enum(['Never', 'IfNotPresent', 'Always']).optional(),
    /** How long a pod may take to become Ready. */
    readyTimeoutS: z.number().positive().max(3600).optional(),
    /**
     * A node profile as node pools: where its server pods (baseline and mesh) and its client
     * sidecar pod go. A profile not listed goes wherever the scheduler puts it.
     */
    nodePools: z.record(z.string(), z.object({ server: NodePoolSchema.optional(), client: NodePoolSchema.optional() }).strict()).optional(),
    /**
     * Whose sidecars: `auto` (default) Istio's where the cluster has Istio's CRDs and istiod, else
     * meshtax's own Envoy; `istio` or `meshtax` force one (`--sidecars` overrides it).
     */
    sidecars: z.enum(['auto', 'istio', 'meshtax']).optional(),
    /**
     * What a `dedicated` profile's containers get (requests = limits: Guaranteed QoS). Whole CPUs
     * (default 1 per app and per sidecar container) are what the kubelet's static CPU manager pins
     * to exclusive cores; a fraction still makes the pod Guaranteed but never pinned (for small
     * nodes: the local cluster's 2 CPUs hold 4 containers at 0.5).
     */
    /**
     * How the containers' CPU and memory are read: `auto` (default) through this host's /proc when
     * the harness runs on their node, else through a short-lived privileged DaemonSet on the nodes
     * in use; `local` or `daemonset` force one.
     */
    probes: z.enum(['auto', 'local', 'daemonset']).optional(),
    resources: z.object({ cpuPerContainer: z.number().positive().max(64).optional(), memoryMiBPerContainer: z.number().int().min(16).max(65_536).optional() }).strict().optional(),
    /**
     * Where the load agent runs: `pod` (default) on each profile's client node pool, reached over
     * mutual TLS through `kubectl port-forward` (works wherever kubectl does); `host` on the
     * harness's own machine, which must then reach the cluster's Service range.
     */
    loadAgent: z.enum(['pod', 'host']).optional(),
  })
  .strict();

export const BenchConfigSchema = z
  .object({
    /** The latency budget for the tax, in microseconds (2 ms by default). */
    budgetUs: z.number().int().positive().max(10_000_000, 'at most 10 000 000 µs (10 s)').default(2000),
    percentiles: z.array(z.number().gt(0).lt(100)).min(1).default([50, 90, 99, 99.9]),
    /**
     * The percentiles whose verdicts make the run's verdict. p99.9 is reported with its own
     * verdict but, at a few thousand requests per trial, rests on a handful of samples.
     */
    verdictPercentiles: z.array(z.number().gt(0).lt(100)).min(1).default([50, 90, 99]),
    /**
     * A default run's rounds: `rounds` is its first look — the fewest rounds a level makes before
     * the run may stop (see `sequential`); with `sequential.maxRounds` at or below it, the fixed count.
     */
    timing: TrialTimingSchema.default({ rounds: 8, trialSeconds: 2, warmupSeconds: 2 }),
    /**
     * A default run (not `--quick`) stops when it knows (issue 13 §3): each level looks at its rounds
     * at `timing.rounds`, then at 14, 20, 28 … rounds up to `maxRounds` (src/run/stopping.ts), each
     * look's intervals at the Bonferroni-corrected confidence 1 − (1 − confidence)/looks, so the run
     * keeps its stated error rate whichever look it stops at. It stops at the first look where every
     * verdict percentile PASSes or one FAILs, at `maxRounds`, or at a look when the next one would end
     * after `maxDurationS` seconds of the run (`--max-duration`). The record says which and why.
     */
    sequential: z
      .object({
        /** The most rounds a level makes (its last look); at or below `timing.rounds`: a fixed run of `timing.rounds`. */
        maxRounds: z.number().int().min(3).max(200).default(40),
        /** Wall-clock cap of a run, seconds from its start (default 300 = 5 min; the first look is always made). */
        maxDurationS: z.number().positive().max(86_400, 'at most 86 400 s (a day)').default(300),
      })
      .strict()
      .default({ maxRounds: 40, maxDurationS: 300 }),
    /** `--quick`: a short run that still interleaves and still gives a CI. */
    quick: TrialTimingSchema.default({ rounds: 6, trialSeconds: 1, warmupSeconds: 1 }),
    confidence: z.number().gt(0.5).lt(1).default(0.95),
    bootstrapResamples: z.number().int().min(200).max(100_000).default(2000),
    /** A verdict of INCONCLUSIVE fails the run (exit 1) as well. */
    inconclusiveFails: z.boolean().default(false),
    /**
     * How far the load driver's schedule lag may move a judged percentile of an open-loop trial
     * (latency from the intended send minus service time, at that percentile), µs, before the
     * trial is invalid — unless that is at most 25% of the service time there (a few ms of lag
     * under a 15 ms tail cannot turn a PASS into a FAIL). Latency counts from the intended send, so
     * a stalled driver's own delay lands in the measured figure; half the default budget keeps it
     * from deciding one. An invalid trial of this kind is run again (at most twice).
     */
    maxScheduleLagUs: z.number().int().positive().max(10_000_000, 'at most 10 000 000 µs (10 s)').default(1000),
    profiles: z
      .record(z.string().max(63, 'at most 63 characters').regex(/^[a-z][a-z0-9-]*$/, 'a lower-case name such as "shared-core"'), NodeProfileSchema)
      .default({
        dedicated: { kind: 'dedicated' },
        'shared-core': { kind: 'shared-core', quotaPct: 15, neighbourDutyPct: 50 },
      }),
    defaultProfiles: z.array(z.string()).min(1).default(['dedicated']),
    prices: z.record(z.string(), PriceSchema).default({}),
    /** Node types and the target load of the capacity-planning report (see CapacityPlanningSchema). */
    capacity: CapacityPlanningSchema.default({ nodeTypes: {} }),
    /** How `npm run compare` and the nightly history decide regressed / noisy. */
    regression: RegressionSchema.default(DEFAULT_REGRESSION),
    resultsDir: z.string().default('results'),
    reportsDir: z.string().default('reports'),
    /** Settings of the targets other than the local one (`--target kubernetes`). */
    targets: z.object({ kubernetes: KubernetesTargetSchema.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const missing = c.verdictPercentiles.filter((p) => !c.percentiles.includes(p));
    // A verdict percentile that is not computed has no tax, so the run could never be decided.
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: ['verdictPercentiles'], message: `${missing.join(', ')} not among percentiles (${c.percentiles.join(', ')})` });
  });

export type BenchConfigInput = z.input<typeof BenchConfigSchema>;
export type BenchConfig = z.output<typeof BenchConfigSchema>;
export type NodeProfile = z.output<typeof NodeProfileSchema>;
export type KubernetesTargetSettings = z.output<typeof KubernetesTargetSchema>;
export type NodePool = z.output<typeof NodePoolSchema>;
export type TrialTiming = z.output<typeof TrialTimingSchema>;
export type CapacitySearch = z.output<typeof CapacitySearchSchema>;
export type CapacityPlanning = z.output<typeof CapacityPlanningSchema>;

/**
 * The capacity search of a scenario (Nighthawk-style, open loop): from `startRps`, multiply the
 * rate by `factor` while a level passes — the tax at `percentile` has its CI's upper end within the
 * budget, errors stay within `maxErrorPct`, dropped trials weighed as in the main run — up to
 * `maxRps`; then bisect `refineSteps` times between the last passing and the first failing rate.
 * Each level is interleaved A B B A rounds of `trialSeconds`, after `warmupSeconds` per variant,
 * and stops when it knows as the main run does (src/run/capacity-search.ts): it looks at
 * `roundsPerLevel` rounds, then at 8, 14, 20 … up to `maxRoundsPerLevel`, each look's interval at
 * the Bonferroni-corrected confidence, and stops at the first look that passes or fails the level,
 * at the last look, or before a look that would end after `maxLevelSeconds` of the level or
 * `maxSearchSeconds` of the profile's search.
 */
export const CapacitySearchSchema = z
  .object({
    /** First offered load, rps (default 250). */
    startRps: z.number().positive().max(100_000).default(250),
    /** Highest offered load tried, rps (default 8000): a machine passing there is reported as "at least". */
    maxRps: z.number().positive().max(100_000).default(8000),
    /** Rate multiplier between ramp levels (default 2). */
    factor: z.number().gt(1).max(10).default(2),
    /** Bisections between the last passing and the first failing level (default 3). */
    refineSteps: z.number().int().min(0).max(10).default(3),
    /** A level's first look, rounds (default 5; a level with fewer than 5 valid rounds gets no interval, so it cannot pass). */
    roundsPerLevel: z.number().int().min(3).max(100).default(5),
    /** The most rounds a level makes, its last look (default 20); at or below `roundsPerLevel`: every level a fixed `roundsPerLevel`. */
    maxRoundsPerLevel: z.number().int().min(3).max(200).default(20),
    /** Wall-clock cap of one level, seconds (default 360; its first look is always made). */
    maxLevelSeconds: z.number().positive().max(86_400).default(360),
    /** Wall-clock cap of the search on one profile, seconds (default 1200; no level starts after it). */
    maxSearchSeconds: z.number().positive().max(86_400).default(1200),
    /** Seconds per trial, at least (default 1); longer at low rates, see minRequestsPerTrial. */
    trialSeconds: positiveSeconds.default(1),
    /** Discarded load per variant before each level's rounds, seconds (default 0.5). */
    warmupSeconds: z.number().min(0).max(60).default(0.5),
    /** Failed requests allowed at a passing level, % of those sent through the mesh (default 1). */
    maxErrorPct: z.number().min(0).max(100).default(1),
    /** The percentile whose tax must stay within budget (default 99). */
    percentile: z.number().gt(0).lt(100).default(99),
    /**
     * Requests each trial must hold for its percentile to be more than the few slowest requests;
     * a trial at a low rate runs longer to reach it (at most 30 s). Default 10 / (1 − percentile):
     * 1000 for p99, so 4 s per trial at 250 rps. 0 switches it off.
     */
    minRequestsPerTrial: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict()
  .refine((c) => c.startRps <= c.maxRps, { message: 'startRps must not be above maxRps', path: ['startRps'] });

const IstioSource = z.union([
  z.object({ istio: z.string().min(1) }).strict(),
  z.object({ istioFile: z.string().min(1) }).strict(),
]);

export const ScenarioSchema = z
  .object({
    name: z.string().max(63, 'at most 63 characters').regex(/^[a-z0-9][a-z0-9-]*$/, 'a lower-case name such as "mtls-strict"'),
    description: z.string().min(1),
    workload: z
      .object({
        protocol: z.enum(['http', 'grpc']).default('http'),
        serviceName: dnsLabel.default('sample-api'),
        namespace: dnsLabel.default('default'),
        /** Versions deployed side by side, each its own app process (v1, v2, …). */
        versions: z.array(z.string().max(32, 'at most 32 characters').regex(/^v[0-9a-z-]+$/, 'a version such as "v1"')).min(1).max(16).default(['v1']),
        payloadBytes: z.number().int().min(0).max(10_000_000).default(1024),
        /** Simulated CPU work per request in the app, in microseconds. */
        cpuWorkUs: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict()
      .default({ protocol: 'http', serviceName: 'sample-api', namespace: 'default', versions: ['v1'], payloadBytes: 1024, cpuWorkUs: 0 }),
    load: z
      .object({
        /** open: constant arrival rate, latency from the intended send time (the tax). closed: fixed connections (ceilings). */
        model: z.enum(['open', 'closed']).default('open'),
        arrival: z.enum(['uniform', 'poisson']).default('uniform'),
        /** Offered load levels in requests per second (open loop); the tax is reported at each. */
        ratesRps: z.array(z.number().positive().max(100_000)).min(1).default([500]),
        connections: z.number().int().min(1).max(1024).default(16),
        /** Open a new connection every N requests (0: keep-alive). */
        newConnectionEvery: z.number().int().min(0).max(1_000_000).default(0),
        timeoutMs: z.number().int().positive().max(600_000, 'at most 600 000 ms (10 minutes)').default(5000),
      })
      .strict()
      .default({ model: 'open', arrival: 'uniform', ratesRps: [500], connections: 16, newConnectionEvery: 0, timeoutMs: 5000 }),
    mesh: IstioSource,
    /**
     * How the sidecars are run. `concurrency`: Envoy worker threads per sidecar (Istio's default is
     * 2). `interception`: `iptables` captures traffic as Istio's init container does (outbound to
     * 15001, inbound to 15006, Envoy's own group excluded) and lays the listeners out as Istio does
     * (original_dst, virtual listeners); the app side talks to the service address as if there were
     * no mesh. Needs root and network namespaces; otherwise the run says it fell back (reduced fidelity).
     */
    sidecar: z
      .object({
        concurrency: z.number().int().min(1).max(16).default(1),
        interception: z.enum(['none', 'iptables']).default('none'),
      })
      .strict()
      .default({ concurrency: 1, interception: 'none' }),
    /**
     * What carries the mesh path: `sidecar` (an Envoy per pod, the default), `ambient` (Istio's
     * ambient data plane at L4: a ztunnel per node, HBONE between nodes; needs ztunnel, see
     * `npm run setup:ztunnel`), or `both`: each profile is measured twice, the sidecar pass and the
     * ambient pass (`<profile>-ambient`), each against its own baseline.
     */
    dataPlane: z.enum(['sidecar', 'ambient', 'both']).default('sidecar'),
    /** The link between the client node and the server node (netem, needs root): one-way delay and jitter. */
    link: z
      .object({ delayMs: z.number().min(0).max(10_000).default(0), jitterMs: z.number().min(0).max(10_000).default(0) })
      .strict()
      .default({ delayMs: 0, jitterMs: 0 }),
    /** Node profiles this scenario runs on unless --profile says otherwise (default: the config's defaultProfiles). */
    profiles: z.array(z.string()).min(1).optional(),
    /** Per-scenario overrides of the config's timing (`rounds`: a default run's first look, see the config's `sequential`). */
    timing: TrialTimingSchema.partial().optional(),
    /** Run a capacity search instead of the fixed `load.ratesRps` levels (see CapacitySearchSchema). */
    capacity: CapacitySearchSchema.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
