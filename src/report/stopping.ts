/** Where and why a default run stopped adding rounds (record.stopping), in words for every report form. */
import type { ResultRecord } from '../record/schema.js';
import { confidenceText } from './format.js';

type LevelStop = NonNullable<ResultRecord['stopping']>['levels'][number];

const WHY: Record<LevelStop['reason'], (s: NonNullable<ResultRecord['stopping']>) => string> = {
  decisive: () => "the level's verdict decided: every verdict percentile PASSed, or one FAILed (a FAIL needs no more rounds)",
  'max-duration': (s) => `undecided, and the next look would have ended after the ${s.maxDurationS} s cap (--max-duration)`,
  'max-rounds': () => 'undecided at the last look',
  interrupted: () => 'interrupted before a look ended it',
};

/** One sentence on the rule, then one per level; empty for runs without the rule (--quick, capacity, fixed). */
export function stoppingLines(record: ResultRecord): string[] {
  const s = record.stopping;
  if (!s) return [];
  const rule =
    `The run stops when it knows: each level looks at ${s.looks.join(', ')} rounds and stops at the first look where every verdict percentile PASSes or one FAILs; ` +
    `intervals are at ${confidenceText(s.lookConfidence)} at each look (Bonferroni over ${s.looks.length} looks), so the run keeps its ${confidenceText(s.confidence)} level.`;
  const levels = s.levels.map((l) => {
    const churn = l.newConnectionEvery > 0 ? `, new connection every ${l.newConnectionEvery}` : '';
    const where = l.look > 0 ? `at look ${l.look} of ${s.looks.length} (${l.rounds} rounds, ${Math.round(l.elapsedS)} s)` : `after ${l.rounds} rounds, before its first look`;
    return `${l.profile} ${l.rateRps} rps${churn}: stopped ${where} — ${WHY[l.reason](s)} (${l.reason}).`;
  });
  return [rule, ...levels];
}
