// The one place the extension decides a verdict: `judge` turns heads' evidence into the verdict a person
// reads, under the person's thresholds, by the engine's rules (engine/verdict). It is called where its
// inputs change and nowhere else: the engine host on new scores, the background when thresholds or heads
// change (it decides the stored verdicts again and stores them, background/verdicts-in-force.ts), and the
// options page's preview for thresholds not yet saved. Every surface shows the stored form as it is; no
// other module of the extension may import the engine's deciding functions (eslint.config.js).
// A stored verdict keeps each head's evidence (its scores), so deciding it again needs no inference.
import type { AnyHeadPack } from '../../engine/head/head-pack';
import type { Thresholds } from '../../engine/head/score';
import type { Verdict } from '../../engine/types';
import type { HeadThresholds, ThresholdsOf } from '../../engine/verdict/decide';
import type { Evidence } from '../../engine/verdict/evidence';
import { decided, evidenceOfVerdict, type Scored } from '../../engine/verdict/verdict';
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

/** The verdict the heads' evidence gives under these thresholds, in the form it is stored and shown. */
export function judge(evidence: Evidence[], thresholdsOf: ThresholdsOf): Scored {
  return decided(evidence, 'soft-or', thresholdsOf);
}

/**
 * A stored verdict under these thresholds: the same object when it was decided under them (nothing is
 * decided again), else decided again from its evidence. Errors have no evidence and stay as they are.
 */
export function judgeAgain<V extends Verdict>(verdict: V, thresholdsOf: ThresholdsOf): V {
  if (verdict.kind === 'error' || decidedUnder(verdict, thresholdsOf)) return verdict;
  const next: V = { ...verdict, ...judge(evidenceOfVerdict(verdict), thresholdsOf) };
  if (next.kind !== 'generator') delete next.generator;
  return next;
}

export function judgeRecordAgain(record: VerdictRecord, thresholdsOf: ThresholdsOf): VerdictRecord {
  const verdict = judgeAgain(record.verdict, thresholdsOf);
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
