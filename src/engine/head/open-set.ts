// Open-set scores: how much an image looks like one of the classes the head knows (real photos included).
// Higher means "known"; an image whose score falls below the calibrated threshold gets the open-set warning.
import { knnScore, type KnnReference } from './knn';

export const OPEN_SET_METHODS = ['msp', 'max-logit', 'energy', 'knn'] as const;
export type OpenSetMethod = (typeof OPEN_SET_METHODS)[number];

/**
 * Training's default, chosen by build/open-set-protocol.ts over 27 runs (the README gives the table). The
 * reference sets' fast path (fit-reference-head.ts) and retraining use knn on purpose: they keep the
 * features it needs already.
 */
export const DEFAULT_OPEN_SET: OpenSetMethod = 'msp';

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
