// Retraining a head after a person enrols or removes an example: it must feel instant, so it does less
// than `trainHead` and says so. A fixed C (no sweep); the k-NN open-set score calibrated leave-one-out on
// every example, which needs no held-out fifth and therefore no second fit on all the data; one L-BFGS fit
// started from the previous head's weights (the classes it shares with the new head), stopped at a
// looser gradient tolerance (the tests check it classifies as the full training does); the
// leave-one-class-out novelty estimate only when asked.
import { REAL } from '../types';
import type { Head } from './head-pack';
import { buildKnnReference, leaveOneClassOutAuroc, leaveOneOutScores, provideSimilarities } from './knn';
import { fitLogisticRegression, predictProba, type LinearModel } from './logistic-regression';
import { thresholdAtAcceptRate } from './open-set';
import { countExamples, makeHead, type LabelledFeatures, type TrainHeadOptions } from './train-head';

export interface RetrainOptions extends Omit<TrainHeadOptions, 'c' | 'openSet' | 'validation'> {
  c?: number;
  /** The head this one replaces: its weights start the fit where their class names match. */
  previous?: Head;
  maxIterations?: number;
  tolerance?: number;
  /**
   * Also estimate how well the score flags a generator left out (a figure for the pack's provenance,
   * which verdicts do not use): a third of the retraining's time at 500 examples, so off unless asked.
   */
  novelty?: boolean;
  /** The features' similarity matrix when already known (similarity-cache.ts). */
  similarities?: Float32Array;
}

export interface RetrainReport {
  head: Head;
  /** Accuracy on the training examples themselves (no held-out data here: see the file's comment). */
  trainingAccuracy: number;
  leaveOneClassOutAuroc?: number;
  iterations?: number;
}

/** Defaults measured by the head benchmark: the fit converges in a few dozen iterations at this tolerance. */
export const RETRAIN_C = 10;
export const RETRAIN_TOLERANCE = 1e-4;
export const RETRAIN_MAX_ITERATIONS = 150;

/** The previous head's weights rearranged for the new class list; classes it did not have start at zero. */
export function warmStartFrom(previous: Head, classes: readonly string[], dim: number): LinearModel | undefined {
  if (previous.model.dim !== dim) return undefined;
  const weights = new Float32Array(classes.length * dim);
  const bias = new Float32Array(classes.length);
  classes.forEach((name, k) => {
    const old = previous.pack.classes.indexOf(name);
    if (old < 0) return;
    weights.set(previous.model.weights.subarray(old * dim, (old + 1) * dim), k * dim);
    bias[k] = previous.model.bias[old]!;
  });
  return { classes: classes.length, dim, weights, bias };
}

export function retrainHead(data: LabelledFeatures, options: RetrainOptions): RetrainReport {
  const { classes } = options;
  if (!classes.includes(REAL)) throw new Error(`training needs examples of "${REAL}" images as well as generators`);
  for (let k = 0; k < classes.length; k++) {
    if (!data.labels.includes(k)) throw new Error(`class "${classes[k]}" has no training examples`);
  }
  const c = options.c ?? RETRAIN_C;
  if (options.similarities) provideSimilarities(data.features, options.similarities);
  const knn = buildKnnReference(data.features, data.labels, classes.length, options.k ?? 10);
  const threshold = thresholdAtAcceptRate(leaveOneOutScores(knn), options.acceptRate ?? 0.95);
  const novelty = options.novelty === true ? leaveOneClassOutAuroc(knn, classes.indexOf(REAL)) : undefined;
  const warmStart = options.previous && warmStartFrom(options.previous, classes, data.features.cols);
  const model = fitLogisticRegression(data.features, data.labels, classes.length, {
    c,
    maxIterations: options.maxIterations ?? RETRAIN_MAX_ITERATIONS,
    tolerance: options.tolerance ?? RETRAIN_TOLERANCE,
    ...(warmStart ? { warmStart } : {}),
  });
  const { rows, cols, data: x } = data.features;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const p = predictProba(model, x, i * cols);
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    if (best === data.labels[i]) correct++;
  }
  const trainingAccuracy = rows > 0 ? correct / rows : Number.NaN;
  const validation: Record<string, number> = { trainingAccuracy, examples: 0 };
  if (novelty !== undefined) validation.leaveOneClassOutAuroc = novelty;
  const head = makeHead({ model, threshold, knn, c, examples: countExamples(classes, data.labels), validation }, { ...options, c, openSet: 'knn' });
  return { head, trainingAccuracy, ...(novelty !== undefined ? { leaveOneClassOutAuroc: novelty } : {}) };
}
