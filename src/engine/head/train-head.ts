// Training a head pack as the open-set attribution paper does: L2-regularised multinomial logistic
// regression on L2-normalised CLIP features, the regularisation strength swept over 45 values from 1e-6 to
// 1e5 and chosen on validation data, then the open-set threshold calibrated on the validation examples of
// the known classes.
import { auc, isApplicable } from '../metrics';
import { REAL } from '../types';
import { fingerprint, HEAD_FORMAT, HEAD_VERSION, encodeFloat32Base64, layerJson, type Head, type HeadPack } from './head-pack';
import { fitLogisticRegression, logits, type LinearModel, type Matrix } from './logistic-regression';
import { softmaxInPlace } from './softmax';
import { buildKnnReference, knnScore, leaveOneClassOutAuroc, leaveOneOutScores, type KnnReference } from './knn';
import { DEFAULT_OPEN_SET, openSetScore, thresholdAtAcceptRate, type OpenSetMethod, type ScoreInputs } from './open-set';

/** Labelled, L2-normalised features. A label of -1 marks a validation example of an unknown class. */
export interface LabelledFeatures {
  features: Matrix;
  labels: Int32Array;
}

export interface TrainHeadOptions {
  name: string;
  classes: string[];
  encoder: { id: string; sha256: string };
  featureName: string;
  /** A fixed regularisation strength; without it, the paper's sweep. */
  c?: number;
  openSet?: OpenSetMethod;
  /** Neighbours for the knn score. */
  k?: number;
  /** Share of known validation examples the open-set threshold accepts. */
  acceptRate?: number;
  /** Validation data; without it a fifth of every class is held out for choosing C and the threshold. */
  validation?: LabelledFeatures;
  trainedOn: string;
  software: string;
  createdAt?: string;
}

export interface TrainReport {
  head: Head;
  c: number;
  /** Closed-set accuracy on the validation examples of known classes. */
  validationAccuracy: number;
  /** AUROC of known vs unknown validation examples, when there were unknown ones. */
  validationAuroc?: number;
  /** For the knn score: mean AUROC with each generator class left out in turn and played as unknown. */
  leaveOneClassOutAuroc?: number;
}

/** The paper's grid: 45 values, log-spaced from 1e-6 to 1e5. */
export const C_GRID: readonly number[] = Array.from({ length: 45 }, (_, i) => 10 ** (-6 + (11 * i) / 44));

function rowsOf(set: LabelledFeatures, keep: (i: number) => boolean): LabelledFeatures {
  const { cols, data } = set.features;
  const picked: number[] = [];
  for (let i = 0; i < set.labels.length; i++) if (keep(i)) picked.push(i);
  const out = new Float32Array(picked.length * cols);
  picked.forEach((r, i) => out.set(data.subarray(r * cols, (r + 1) * cols), i * cols));
  return { features: { rows: picked.length, cols, data: out }, labels: Int32Array.from(picked, (r) => set.labels[r]!) };
}

/** Every fifth example of each class (at least one, when the class has two or more) goes to validation. */
export function holdOut(set: LabelledFeatures): { train: LabelledFeatures; validation: LabelledFeatures } {
  const seen = new Map<number, number>();
  const isValidation = Array.from(set.labels, (label) => {
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    return n % 5 === 4;
  });
  // A class with 2 to 4 examples still lends its last one, so every class is calibrated.
  for (const [label, count] of seen) {
    if (count >= 2 && count < 5) {
      let last = -1;
      set.labels.forEach((l, i) => l === label && (last = i));
      isValidation[last] = true;
    }
  }
  return { train: rowsOf(set, (i) => !isValidation[i]), validation: rowsOf(set, (i) => isValidation[i]!) };
}

export interface Trained {
  model: LinearModel;
  threshold: number;
  knn: KnnReference | undefined;
  c: number;
  examples: Record<string, number>;
  validation: Record<string, number>;
}

export function makeHead({ model, threshold, knn, c, examples, validation }: Trained, options: TrainHeadOptions): Head {
  const method = options.openSet ?? DEFAULT_OPEN_SET;
  // Everything a verdict depends on goes into the id, which verdicts are cached under.
  const id = fingerprint(model.weights, model.bias, Float32Array.of(threshold), ...(knn ? [knn.features.data] : []));
  const pack: HeadPack = {
    format: HEAD_FORMAT,
    version: HEAD_VERSION,
    id: `${options.name}@${id}`,
    name: options.name,
    encoder: options.encoder,
    feature: { name: options.featureName, normalize: 'l2' },
    kind: 'attribution',
    classes: options.classes,
    layers: [layerJson(model)],
    openSet: { method, threshold, acceptRate: options.acceptRate ?? 0.95, ...(method === 'knn' ? { k: knn!.k } : {}) },
    ...(knn
      ? { knn: { rows: knn.features.rows, features: encodeFloat32Base64(knn.features.data), labels: Array.from(knn.labels), stats: knn.stats } }
      : {}),
    thresholds: { llr: 0 },
    provenance: {
      trainedOn: options.trainedOn,
      examples,
      c,
      createdAt: options.createdAt ?? new Date().toISOString(),
      software: options.software,
      validation,
    },
  };
  return knn ? { pack, model, knn } : { pack, model };
}

/** The open-set score of validation row `row`, given what the linear head made of it. */
type OpenScore = (row: number, inputs: ScoreInputs) => number;

function evaluate(model: LinearModel, validation: LabelledFeatures, openScore: OpenScore) {
  const { rows, cols, data } = validation.features;
  let correct = 0;
  let known = 0;
  let logLoss = 0;
  const scores: number[] = [];
  const isKnown: boolean[] = [];
  for (let i = 0; i < rows; i++) {
    const feature = data.subarray(i * cols, (i + 1) * cols);
    const raw = logits(model, feature);
    const probabilities = Float64Array.from(raw);
    const logSumExp = softmaxInPlace(probabilities);
    scores.push(openScore(i, { logits: raw, probabilities, logSumExp, feature }));
    const label = validation.labels[i]!;
    isKnown.push(label >= 0);
    if (label < 0) continue;
    known++;
    logLoss -= Math.log(Math.max(probabilities[label]!, 1e-300));
    let best = 0;
    for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
    if (best === label) correct++;
  }
  const auroc = auc(scores, isKnown);
  return {
    accuracy: known > 0 ? correct / known : NaN,
    logLoss: known > 0 ? logLoss / known : NaN,
    auroc: isApplicable(auroc) ? auroc : undefined,
    knownScores: scores.filter((_, i) => isKnown[i]),
  };
}

/**
 * AUROC first when validation has unknown generators (the paper's criterion), then accuracy, then log-loss:
 * without the last, the weakest penalty that classifies right would win, with probabilities all but uniform.
 */
function isBetter(a: ReturnType<typeof evaluate>, b: ReturnType<typeof evaluate> | undefined): boolean {
  if (!b) return true;
  const [aurocA, aurocB] = [a.auroc ?? -1, b.auroc ?? -1];
  if (aurocA !== aurocB) return aurocA > aurocB;
  if (a.accuracy !== b.accuracy) return a.accuracy > b.accuracy;
  return a.logLoss < b.logLoss;
}

export function countExamples(classes: string[], labels: Int32Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of classes) out[c] = 0;
  for (const l of labels) out[classes[l]!] = (out[classes[l]!] ?? 0) + 1;
  return out;
}

export function trainHead(data: LabelledFeatures, options: TrainHeadOptions): TrainReport {
  const { classes } = options;
  if (!classes.includes(REAL)) throw new Error(`training needs examples of "${REAL}" images as well as generators`);
  for (let k = 0; k < classes.length; k++) {
    if (!data.labels.includes(k)) throw new Error(`class "${classes[k]}" has no training examples`);
  }
  const given = options.validation;
  const split = given ? { train: data, validation: given } : holdOut(data);
  const method = options.openSet ?? DEFAULT_OPEN_SET;
  const knnOf = (set: LabelledFeatures): KnnReference | undefined =>
    method === 'knn' ? buildKnnReference(set.features, set.labels, classes.length, options.k ?? 10) : undefined;
  // The knn score does not depend on the linear head: score the validation rows once, not once per C.
  const trainKnn = knnOf(split.train);
  const { rows: valRows, cols, data: valData } = split.validation.features;
  const fixed = trainKnn && Array.from({ length: valRows }, (_, i) => knnScore(trainKnn, valData.subarray(i * cols, (i + 1) * cols)));
  const openScore: OpenScore = fixed ? (row) => fixed[row]! : (_, inputs) => openSetScore(method, inputs);
  const fit = (set: LabelledFeatures, c: number, warmStart?: LinearModel) =>
    fitLogisticRegression(set.features, set.labels, classes.length, { c, maxIterations: 300, ...(warmStart ? { warmStart } : {}) });

  // Sweep from the strongest penalty up, each fit starting from the last: the paper's grid at the cost of a few fits.
  let chosen: { c: number; model?: LinearModel; result?: ReturnType<typeof evaluate> } = { c: options.c ?? 1 };
  if (options.c === undefined) {
    let previous: LinearModel | undefined;
    for (const c of C_GRID) {
      const model = fit(split.train, c, previous);
      previous = model;
      const result = evaluate(model, split.validation, openScore);
      if (isBetter(result, chosen.result)) chosen = { c, model, result };
    }
  }
  const model = chosen.model ?? fit(split.train, chosen.c);
  const calibration = chosen.result ?? evaluate(model, split.validation, openScore);
  // The knn score needs no held-out data: leave-one-out scores of every training example calibrate it on
  // five times the examples a held-out fifth would give.
  const knn = given ? trainKnn : knnOf(data);
  const knownScores = knn && !given ? leaveOneOutScores(knn) : calibration.knownScores;
  const threshold = thresholdAtAcceptRate(knownScores, options.acceptRate ?? 0.95);
  const novelty = knn ? leaveOneClassOutAuroc(knn, classes.indexOf(REAL)) : undefined;

  // With a held-out fifth, the final weights see every example; the threshold stays the held-out one.
  const finalModel = given ? model : fit(data, chosen.c, model);
  const validation: Record<string, number> = { accuracy: calibration.accuracy, examples: split.validation.labels.length };
  if (calibration.auroc !== undefined) validation.auroc = calibration.auroc;
  if (novelty !== undefined) validation.leaveOneClassOutAuroc = novelty;
  const head = makeHead({ model: finalModel, threshold, knn, c: chosen.c, examples: countExamples(classes, data.labels), validation }, options);
  return {
    head,
    c: chosen.c,
    validationAccuracy: calibration.accuracy,
    ...(calibration.auroc !== undefined ? { validationAuroc: calibration.auroc } : {}),
    ...(novelty !== undefined ? { leaveOneClassOutAuroc: novelty } : {}),
  };
}
