// From features to a verdict: the head's probabilities, the synthetic-vs-real log-likelihood ratio, the
// open-set score, and the rules that turn them into "real", "generator X" or "unknown generator".
import { REAL, type FeatureSet, type VerdictKind } from '../types';
import type { Head } from './head-pack';
import { logits } from './logistic-regression';
import { softmaxInPlace } from './softmax';
import { openSetScore } from './open-set';

export interface Thresholds {
  /** An image with LLR above this counts as synthetic. */
  llr: number;
  /** An image whose open-set score is below this gets the unknown-generator warning, whatever its LLR. */
  openSet: number;
}

export interface Judgement {
  kind: Exclude<VerdictKind, 'error'>;
  generator?: string;
  probabilities: Record<string, number>;
  llr: number;
  openSetScore: number;
}

export function defaultThresholds(head: Head): Thresholds {
  return { llr: head.pack.thresholds.llr, openSet: head.pack.openSet.threshold };
}

export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * inv);
}

/** The head's feature, L2-normalised; throws if the encoder did not produce it. */
export function headFeature(head: Head, features: FeatureSet): Float32Array {
  const name = head.pack.feature.name;
  const raw = features[name];
  if (!raw) throw new Error(`the encoder produced no feature "${name}", which head "${head.pack.name}" reads`);
  if (raw.length !== head.model.dim) {
    throw new Error(`feature "${name}" has ${raw.length} dimensions; head "${head.pack.name}" expects ${head.model.dim}`);
  }
  return l2Normalize(raw);
}

/** Scores of one normalised feature: probabilities, LLR (synthetic vs real) and open-set score. */
export function score(head: Head, feature: Float32Array) {
  const z = logits(head.model, feature);
  const rawLogits = Float64Array.from(z);
  const realIndex = head.pack.classes.indexOf(REAL);
  // log P(synthetic) - log P(real) = logsumexp of the generators' logits - the real logit; stable for any scale.
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (k !== realIndex) max = Math.max(max, z[k]!);
  let sum = 0;
  for (let k = 0; k < z.length; k++) if (k !== realIndex) sum += Math.exp(z[k]! - max);
  const llr = max + Math.log(sum) - z[realIndex]!;
  const logSumExp = softmaxInPlace(z);
  const openSet = openSetScore(head.pack.openSet.method, { logits: rawLogits, probabilities: z, logSumExp, feature }, head.knn);
  return { probabilities: z, llr, openSetScore: openSet };
}

/**
 * The verdict rules alone, from scores already computed: the extension re-judges cached verdicts with
 * this when the person moves a threshold, without running the encoder or the head again.
 */
export function decide(probabilities: Readonly<Record<string, number>>, llr: number, openSetScore: number, thresholds: Thresholds): Pick<Judgement, 'kind' | 'generator'> {
  // The open-set rule comes first, as in the open-set attribution paper, where real photos are one known
  // class among the generators: an image unlike every known class is not vouched for as real either.
  if (openSetScore < thresholds.openSet) return { kind: 'unknown-generator' };
  if (!(llr > thresholds.llr)) return { kind: 'real' };
  let best: string | undefined;
  for (const [name, p] of Object.entries(probabilities)) {
    if (name !== REAL && (best === undefined || p > probabilities[best]!)) best = name;
  }
  return best === undefined ? { kind: 'real' } : { kind: 'generator', generator: best };
}

export function judge(head: Head, features: FeatureSet, thresholds: Thresholds = defaultThresholds(head)): Judgement {
  const { probabilities, llr, openSetScore } = score(head, headFeature(head, features));
  const named: Record<string, number> = {};
  head.pack.classes.forEach((c, k) => (named[c] = probabilities[k]!));
  return { ...decide(named, llr, openSetScore, thresholds), probabilities: named, llr, openSetScore };
}
