// An attribution head's scores of one feature: its probabilities, the synthetic-vs-real log-likelihood
// ratio and the open-set score. The rules that turn scores into a verdict are in engine/verdict.
import { REAL } from '../types';
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

export function defaultThresholds(head: Head): Thresholds {
  return { llr: head.pack.thresholds.llr, openSet: head.pack.openSet.threshold };
}

export function l2Normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  return v.map((x) => x * inv);
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
