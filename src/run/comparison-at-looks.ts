/**
 * A run compared with a baseline (`bench --baseline`) does not stop at a look only because its
 * budget verdict is decided: a night's comparison wants answers too, and a run that stopped at its
 * first look (8 rounds) often left it "can't tell" — on the 2-vCPU VM, each of the 6 quiet A/A pairs
 * unanswered at p50 had a run stopped at 8 or 14 rounds. So at each look the level's comparison
 * is judged as the end of the run will judge it, and the level goes on while one of its verdict
 * percentiles is
 *
 * - can't tell, and more rounds can settle it (Pinpoint's "collect more samples"); or
 * - a regression or an improvement: those are called only at the level's last look, so that
 *   looking at the comparison more than once cannot add false alarms — a level stops early only
 *   on a comparison that calls no change (or that rounds cannot settle, or a disturbed run), and
 *   a change is called only on the data of a look the rule reached without seeing it;
 * - can't tell, however many rounds, while the level has fewer rounds than the baseline's: a run
 *   compared like with like is as precise as its baseline, and tomorrow it may be the baseline. On
 *   the VM a pair with an 8-round run could not be told unchanged at p50 (each such run's SE
 *   about 35 µs against 20 at 28 rounds, the no-change band ±100 µs), and a run that stopped at 8
 *   rounds because its own comparison was hopeless made the next night's hopeless too;
 * - anything but disturbed, while the level has fewer than COMPARED_MIN_ROUNDS rounds: a run that
 *   called no change at 8 rounds is tomorrow's 8-round baseline, and then tomorrow cannot tell.
 *
 * The budget verdict's own rule is untouched: a level still goes on while it is inconclusive, and
 * stops at its last look or before a look that would end after the run's time cap.
 */
import type { RegressionSettings } from '../config/schema.js';
import { compareRecords, historyOptions, levelKey, type ComparableRecord, type LevelKey } from '../compare/index.js';
import type { HistoryEntry } from '../record/index.js';

export interface ComparisonAtLooks {
  readonly baseline: ComparableRecord;
  /** The scenario's nights, for the run-to-run spread (empty: none). */
  readonly history: readonly HistoryEntry[];
  readonly regression: RegressionSettings;
  /** The percentiles a comparison must settle (the config's verdict percentiles). */
  readonly percentiles: readonly number[];
}

/**
 * The fewest rounds of a level compared with a baseline (unless its looks end sooner). On the VM,
 * pairs whose runs both had 20 or more rounds were told unchanged at p50 in every quiet pair; each
 * 8-round run's p50 SE (about 35 µs, 20 at 28 rounds) with the runs' offsets leaves no room in the
 * ±100 µs band.
 */
export const COMPARED_MIN_ROUNDS = 20;

const VERDICT_WORDS = { 'no-change': 'no change', 'cant-tell': "can't tell", regression: 'regression', improvement: 'improvement', noisy: 'noisy' } as const;

/** Rank-test permutations at a look: the look needs the verdict's words, not a fine p (the interval decides). */
const LOOK_PERMUTATIONS = 200;

/** Why the level must go on ("p50 can't tell yet, 12 more rounds would settle it"), or null: its comparison is settled. */
export function comparisonUnsettled(level: LevelKey, interim: ComparableRecord, at: ComparisonAtLooks): string | null {
  const comparison = compareRecords(at.baseline, interim, { regression: at.regression, permutations: LOOK_PERMUTATIONS, ...historyOptions(at.history, interim) });
  const open = comparison.rows
    .filter((r) => levelKey(r) === levelKey(level) && at.percentiles.includes(r.percentile))
    .flatMap((r) => {
      if (r.verdict === 'cant-tell' && r.extraRounds !== null && r.extraRounds > 0) return [`p${r.percentile} can't tell yet`];
      if (r.verdict === 'regression' || r.verdict === 'improvement') return [`p${r.percentile} looks like ${r.verdict === 'regression' ? 'a regression' : 'an improvement'}, called only at the last look`];
      if (r.verdict === 'cant-tell' && r.currentRounds < r.baselineRounds) return [`p${r.percentile} can't tell, with fewer rounds (${r.currentRounds}) than the baseline (${r.baselineRounds})`];
      if (r.verdict !== 'noisy' && r.currentRounds < COMPARED_MIN_ROUNDS) return [`p${r.percentile} ${VERDICT_WORDS[r.verdict]} with ${r.currentRounds} rounds (a compared run makes ${COMPARED_MIN_ROUNDS}: it is tomorrow's baseline)`];
      return [];
    });
  return open.length > 0 ? `the comparison with the baseline: ${open.join('; ')}` : null;
}
