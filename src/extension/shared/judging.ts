// The person's thresholds decide every verdict shown. A stored verdict keeps each head's evidence (its
// scores), so when a threshold moves it is decided again by the engine's rules (engine/verdict), with no
// new inference; a verdict already decided under the thresholds in force is handed out as it is.
// Pure: the background applies it to every record it hands out, the options page's preview to the cache.
import type { AnyHeadPack } from '../../engine/head/head-pack';
import type { Thresholds } from '../../engine/head/score';
import type { Verdict } from '../../engine/types';
import type { HeadThresholds, ThresholdsOf } from '../../engine/verdict/decide';
import { evidenceOfVerdict, redecide } from '../../engine/verdict/verdict';
import type { VerdictCounts, VerdictRecord } from './protocol';
import type { Settings } from './settings';

/** A head's own thresholds: an attribution head's LLR and open-set ones, a detector's LLR one. */
export function packDefaults(pack: AnyHeadPack): HeadThresholds {
  return pack.kind === 'attribution' ? { llr: pack.thresholds.llr, openSet: pack.openSet.threshold } : { llr: pack.thresholds.llr };
}

/** The head's own thresholds, each replaced by the person's where they set one. */
export function effectiveThresholds(overrides: Settings['thresholds'], pack: AnyHeadPack): Thresholds {
  const own = packDefaults(pack);
  return { llr: overrides.llr ?? own.llr, openSet: overrides.openSet ?? own.openSet ?? Number.NaN };
}

export function headDefaults(pack: AnyHeadPack): Thresholds {
  const own = packDefaults(pack);
  return { llr: own.llr, openSet: own.openSet ?? Number.NaN };
}

/**
 * The thresholds each head's evidence is measured by: the person's for the head the settings name
 * (`primary`), and for the heads combined with it the LLR threshold the person gave each (`headLlr`), else
 * its own. `packOf` gives an installed head's pack (its defaults), where the stored evidence predates them.
 */
export function personThresholds(
  overrides: Settings['thresholds'],
  packOf: (id: string) => AnyHeadPack | undefined,
  primary: string | undefined,
  headLlr: Settings['headLlr'] = {},
): ThresholdsOf {
  return (e) => {
    const pack = packOf(e.head);
    const own = pack ? packDefaults(pack) : e.defaults;
    if (primary !== undefined && e.head !== primary) return { ...own, llr: headLlr[e.head] ?? own.llr };
    const llr = overrides.llr ?? own.llr;
    return own.openSet === undefined ? { llr } : { llr, openSet: overrides.openSet ?? own.openSet };
  };
}

/** Whether a verdict was decided under exactly these thresholds: then it is shown as it is. */
export function decidedUnder(verdict: Verdict, thresholdsOf: ThresholdsOf): boolean {
  if (!verdict.evidence) return false;
  return verdict.evidence.every((e) => {
    const t = thresholdsOf(e);
    return e.applied !== undefined && e.applied.llr === t.llr && e.applied.openSet === t.openSet;
  });
}

/** The verdict under these thresholds; errors have no scores and stay as they are. */
export function rejudgeVerdict(verdict: Verdict, thresholdsOf: ThresholdsOf): Verdict {
  if (verdict.kind === 'error' || decidedUnder(verdict, thresholdsOf)) return verdict;
  return redecide(verdict, 'soft-or', thresholdsOf);
}

export function rejudgeRecord(record: VerdictRecord, thresholdsOf: ThresholdsOf): VerdictRecord {
  const verdict = rejudgeVerdict(record.verdict, thresholdsOf);
  return verdict === record.verdict ? record : { ...record, verdict };
}

/** The ids of the heads that made a verdict. */
export const headsOfVerdict = (v: Verdict): string[] => evidenceOfVerdict(v).map((e) => e.head);

export function emptyCounts(): VerdictCounts {
  return { real: 0, synthetic: 0, generator: 0, 'unknown-generator': 0, unplaced: 0, error: 0 };
}

export function countKinds(verdicts: Iterable<Verdict>): VerdictCounts {
  const counts = emptyCounts();
  for (const v of verdicts) counts[v.kind]++;
  return counts;
}
