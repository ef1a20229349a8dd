// A verdict from the heads' evidence, and the same verdict decided again under other thresholds: the one
// place where the engine host, the background and the command line turn scores into what a person reads.
import type { AnyHead } from '../head/head-pack';
import type { FeatureSet, Verdict } from '../types';
import { decideVerdict, headDefaultThresholds, type FusionRule, type ThresholdsOf } from './decide';
import { evidenceOf, type Evidence } from './evidence';

export type Scored = Pick<Verdict, 'kind' | 'generator' | 'probabilities' | 'llr' | 'openSetScore' | 'evidence'>;

/** The decision on evidence already gathered, in the form a Verdict stores. */
export function decided(evidence: Evidence[], rule: FusionRule = 'soft-or', thresholdsOf: ThresholdsOf = headDefaultThresholds): Scored {
  const { kind, generator, llr } = decideVerdict(evidence, rule, thresholdsOf);
  const attribution = evidence.find((e) => e.kind === 'attribution');
  return {
    kind,
    ...(generator !== undefined ? { generator } : {}),
    probabilities: attribution?.probabilities ?? {},
    llr,
    openSetScore: attribution?.openSetScore ?? Number.NaN,
    evidence: evidence.map((e) => ({ ...e, applied: thresholdsOf(e) })),
  };
}

/** Every head's evidence on one image's features, and the verdict they give. */
export function verdictOf(heads: readonly AnyHead[], features: FeatureSet, rule: FusionRule = 'soft-or', thresholdsOf: ThresholdsOf = headDefaultThresholds): Scored {
  return decided(
    heads.map((h) => evidenceOf(h, features)),
    rule,
    thresholdsOf,
  );
}

/**
 * A stored verdict's evidence. Verdicts stored before evidence was kept came from one attribution head,
 * whose scores are the verdict's own.
 */
export function evidenceOfVerdict(v: Verdict): Evidence[] {
  if (v.evidence) return v.evidence;
  return [{ head: v.head, name: v.head, kind: 'attribution', llr: v.llr, defaults: { llr: 0 }, probabilities: v.probabilities, openSetScore: v.openSetScore }];
}

/** The verdict under other thresholds or another fusion rule; errors stay as they are. */
export function redecide<V extends Verdict>(v: V, rule: FusionRule = 'soft-or', thresholdsOf: ThresholdsOf = headDefaultThresholds): V {
  if (v.kind === 'error') return v;
  const next = { ...v, ...decided(evidenceOfVerdict(v), rule, thresholdsOf) };
  if (next.generator !== undefined && next.kind !== 'generator') delete next.generator;
  return next;
}
