// How the engine host fits the person's head to their reference set, apart from reading and storing it
// (retrain.ts): small sets take the paper's sweep over C (cheap when examples × dimensions are few), larger
// ones the fast retraining of retrain-head.ts, warm-started from the head it replaces, with the similarity
// matrix of the retraining before carried over. Kept free of storage so that the benchmark times exactly
// this, in the engine host and in Node.
import type { Head } from '../../engine/head/head-pack';
import { retrainHead, type RetrainOptions, type RetrainReport } from '../../engine/head/retrain-head';
import { similaritiesWith, type SimilarityMemo } from '../../engine/head/similarity-cache';
import { trainHead, type LabelledFeatures, type TrainReport } from '../../engine/head/train-head';

/** Below this many numbers (examples × dimensions) the 45-value sweep over C costs well under a second. */
export const SWEEP_LIMIT = 40_000;

export type ReferenceHeadOptions = Omit<RetrainOptions, 'previous' | 'similarities' | 'k'>;

/** Neighbours for the knn score, from the smallest class's size. */
function neighbours(labels: Int32Array): number {
  const counts = new Map<number, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  // The k-th neighbour of a class of ten is nearly its farthest member, which flags nothing: a small k
  // for a handful of examples, 10 (the command line's default) once classes are large.
  return Math.max(1, Math.min(10, Math.floor(Math.min(...counts.values()) / 3)));
}

export interface FittedReferenceHead {
  report: TrainReport | RetrainReport;
  /** The similarity matrix this fit used, for the next one; unchanged after a sweep. */
  memo: SimilarityMemo | undefined;
}

/**
 * The head for `data`, whose rows `keys` names by what determines them (so that the next fit, one example
 * later, computes one row of similarities). `previous` is the head it replaces, `memo` the last fit's.
 */
export function fitReferenceHead(
  data: LabelledFeatures,
  options: ReferenceHeadOptions,
  keys: () => string[],
  memo?: SimilarityMemo,
  previous?: Head,
): FittedReferenceHead {
  const k = neighbours(data.labels);
  const { rows, cols } = data.features;
  if (rows * cols <= SWEEP_LIMIT) return { report: trainHead(data, { ...options, k, openSet: 'knn' }), memo };
  const next = similaritiesWith(memo, keys(), data.features);
  const report = retrainHead(data, { ...options, k, similarities: next.similarities, ...(previous ? { previous } : {}) });
  return { report, memo: next };
}
