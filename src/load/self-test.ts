/**
 * What rate the load agent holds on this machine: the agent and a sample app, each pinned to its
 * own CPU where there are two, open loop at a few rates on loopback. For `doctor`: a quick answer
 * to "will my trials be dropped because of the generator?", not a benchmark (that is bench:driver).
 */
import { startApp } from '../app/index.js';
import type { CommandWrapper, RunContext } from '../process/index.js';
import { startLoadAgent } from './agent-client.js';
import type { LoadResult } from './types.js';

export interface SelfTestStep {
  readonly rateRps: number;
  readonly lagP99Us: number | null;
  readonly unsentPct: number;
  readonly keepsUp: boolean;
}

export interface SelfTestOptions {
  readonly rates: readonly number[];
  readonly trialS: number;
  /** Lag p99 the agent must stay under to "keep up". */
  readonly maxLagP99Us: number;
  readonly wrapAgent?: CommandWrapper;
  readonly wrapApp?: CommandWrapper;
}

export async function loadAgentSelfTest(ctx: RunContext, options: SelfTestOptions): Promise<SelfTestStep[]> {
  const ready = await startApp(ctx, { version: 'v1', httpPort: 0, grpcPort: null, payloadBytes: 1024, cpuWorkUs: 0, host: '127.0.0.1' }, { name: 'self-test app', ...(options.wrapApp ? { wrap: options.wrapApp } : {}) });
  const agent = startLoadAgent(ctx, options.wrapAgent);
  const url = `http://127.0.0.1:${ready.httpPort}/`;
  const trial = (rateRps: number, durationS: number): Promise<LoadResult> =>
    agent.run({ model: 'open', protocol: 'http', url, arrival: 'uniform', rateRps, durationS, connections: 16, newConnectionEvery: 0, timeoutMs: 2000, seed: 1 });
  await trial(options.rates[0] ?? 500, Math.min(0.5, options.trialS)); // warm-up
  const steps: SelfTestStep[] = [];
  for (const rateRps of options.rates) {
    if (ctx.signal.aborted) break;
    const r = await trial(rateRps, options.trialS);
    const unsentPct = (100 * (r.scheduled - r.sent)) / Math.max(1, r.scheduled);
    steps.push({ rateRps, lagP99Us: r.scheduleLagP99Us, unsentPct, keepsUp: unsentPct < 1 && r.errors === 0 && (r.scheduleLagP99Us ?? Infinity) <= options.maxLagP99Us });
  }
  return steps;
}
