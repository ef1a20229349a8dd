// The person's thresholds decide every verdict shown. A stored verdict keeps its scores (probabilities,
// LLR, open-set score), so it is judged again with decide() when a threshold moves: no new inference.
// Pure: the background applies it to every record it hands out, the options page's preview to the cache.
import { decide, type Thresholds } from '../../engine/head/judge';
import type { HeadPack } from '../../engine/head/head-pack';
import type { Verdict } from '../../engine/types';
import type { VerdictCounts, VerdictRecord } from './protocol';
import type { Settings } from './settings';

/** The head's own thresholds, each replaced by the person's where they set one. */
export function effectiveThresholds(overrides: Settings['thresholds'], pack: Pick<HeadPack, 'thresholds' | 'openSet'>): Thresholds {
  return { llr: overrides.llr ?? pack.thresholds.llr, openSet: overrides.openSet ?? pack.openSet.threshold };
}

export function headDefaults(pack: Pick<HeadPack, 'thresholds' | 'openSet'>): Thresholds {
  return { llr: pack.thresholds.llr, openSet: pack.openSet.threshold };
}

/** The verdict under these thresholds; errors have no scores and stay as they are. */
export function rejudgeVerdict(verdict: Verdict, thresholds: Thresholds): Verdict {
  if (verdict.kind === 'error') return verdict;
  const { kind, generator } = decide(verdict.probabilities, verdict.llr, verdict.openSetScore, thresholds);
  const next: Verdict = { ...verdict, kind };
  if (generator === undefined) delete next.generator;
  else next.generator = generator;
  return next;
}

export function rejudgeRecord(record: VerdictRecord, thresholds: Thresholds): VerdictRecord {
  return { ...record, verdict: rejudgeVerdict(record.verdict, thresholds) };
}

export function emptyCounts(): VerdictCounts {
  return { real: 0, generator: 0, unknown: 0, error: 0 };
}

export function countKinds(verdicts: Iterable<Verdict>): VerdictCounts {
  const counts = emptyCounts();
  for (const v of verdicts) {
    if (v.kind === 'unknown-generator') counts.unknown++;
    else counts[v.kind]++;
  }
  return counts;
}
