// What each head says about one image, as scores: a detector's LLR, an attribution head's probabilities,
// LLR and open-set score. Thresholds are not applied here: a verdict is decided from evidence (decide.ts),
// so it can be decided again when a threshold moves, with no new inference.
import { forward } from '../head/dense';
import { isDetector, type AnyHead, type DetectorHead } from '../head/head-pack';
import { l2Normalize, score } from '../head/score';
import type { Evidence, FeatureSet } from '../types';

export type { Evidence };

/** The head's feature from the encoder's outputs, normalised as the head was trained; throws when it is missing. */
export function headInput(head: AnyHead, features: FeatureSet): Float32Array {
  const name = head.pack.feature.name;
  const raw = features[name];
  if (!raw) throw new Error(`the encoder produced no feature "${name}", which head "${head.pack.name}" reads`);
  const dim = isDetector(head) ? head.layers[0]!.model.dim : head.model.dim;
  if (raw.length !== dim) throw new Error(`feature "${name}" has ${raw.length} dimensions; head "${head.pack.name}" expects ${dim}`);
  return head.pack.feature.normalize === 'l2' ? l2Normalize(raw) : raw;
}

/** A detector's one logit: above 0 (its own threshold, usually) means synthetic. */
export function detectorLlr(head: DetectorHead, features: FeatureSet): number {
  return forward(head.layers, headInput(head, features))[0]!;
}

export function evidenceOf(head: AnyHead, features: FeatureSet): Evidence {
  const named = { head: head.pack.id, name: head.pack.name };
  if (isDetector(head)) {
    return { ...named, kind: 'detector', llr: detectorLlr(head, features), defaults: { llr: head.pack.thresholds.llr } };
  }
  const scored = score(head, headInput(head, features));
  const probabilities: Record<string, number> = {};
  head.pack.classes.forEach((c, k) => (probabilities[c] = scored.probabilities[k]!));
  return {
    ...named,
    kind: 'attribution',
    llr: scored.llr,
    defaults: { llr: head.pack.thresholds.llr, openSet: head.pack.openSet.threshold },
    probabilities,
    openSetScore: scored.openSetScore,
  };
}
