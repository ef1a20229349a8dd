// Open-set scores: how much an image looks like one of the classes the head knows. Higher means "known";
// a synthetic image whose score falls below the calibrated threshold gets the unknown-generator warning.
import type { Matrix } from './logistic-regression';

export const OPEN_SET_METHODS = ['msp', 'max-logit', 'energy', 'knn'] as const;
export type OpenSetMethod = (typeof OPEN_SET_METHODS)[number];

/** Training features kept for the k-nearest-neighbour score (L2-normalised rows). */
export interface KnnReference {
  k: number;
  features: Matrix;
}

export interface ScoreInputs {
  /** Logits of the head. */
  logits: Float64Array;
  /** Softmax of the logits. */
  probabilities: Float64Array;
  /** log-sum-exp of the logits. */
  logSumExp: number;
  /** The L2-normalised feature. */
  feature: Float32Array;
}

function max(a: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i]!);
  return m;
}

/**
 * Cosine similarity to the k-th nearest training feature (Sun et al., "Out-of-distribution detection with
 * deep nearest neighbors", 2022): unlike the softmax scores it does not saturate far from the training data.
 */
export function knnScore(reference: KnnReference, feature: Float32Array): number {
  const { rows, cols, data } = reference.features;
  const k = Math.min(reference.k, rows);
  // The k largest similarities, kept sorted in descending order; k is small (at most 20).
  const best = new Float64Array(k).fill(-Infinity);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const off = i * cols;
    for (let j = 0; j < cols; j++) s += data[off + j]! * feature[j]!;
    if (s <= best[k - 1]!) continue;
    let p = k - 1;
    while (p > 0 && best[p - 1]! < s) {
      best[p] = best[p - 1]!;
      p--;
    }
    best[p] = s;
  }
  return best[k - 1]!;
}

export function openSetScore(method: OpenSetMethod, inputs: ScoreInputs, knn?: KnnReference): number {
  switch (method) {
    case 'msp':
      return max(inputs.probabilities);
    case 'max-logit':
      return max(inputs.logits);
    case 'energy':
      // The negative free energy at temperature 1 (Liu et al., 2020).
      return inputs.logSumExp;
    case 'knn':
      if (!knn) throw new Error('the knn open-set score needs the training features of the head');
      return knnScore(knn, inputs.feature);
  }
}

/**
 * The threshold that accepts `acceptRate` of the known examples' scores (the usual 95 % true-positive-rate
 * operating point): scores at or above it count as known.
 */
export function thresholdAtAcceptRate(knownScores: readonly number[], acceptRate = 0.95): number {
  if (knownScores.length === 0) throw new Error('cannot calibrate an open-set threshold without known examples');
  const sorted = [...knownScores].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.floor((1 - acceptRate) * sorted.length)));
  return sorted[index]!;
}
