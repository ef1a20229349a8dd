// Training a head pack as the open-set attribution paper does: L2-regularised multinomial logistic
// regression on L2-normalised CLIP features, the regularisation strength swept over 45 values from 1e-6 to
// 1e5 and chosen on validation data, then the open-set threshold calibrated on the validation examples of
// the known classes.
import { auc, isApplicable } from '../metrics';
import { fingerprint, HEAD_FORMAT, HEAD_VERSION, REAL, encodeFloat32Base64, type Head, type HeadPack } from './head-pack';
import { fitLogisticRegression, type LinearModel, type Matrix } from './logistic-regression';
import { score } from './judge';
import { thresholdAtAcceptRate, type KnnReference, type OpenSetMethod } from './open-set';

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

function makeHead(model: LinearModel, options: TrainHeadOptions, threshold: number, knn: KnnReference | undefined, extra: Partial<HeadPack['provenance']>, examples: Record<string, number>, c: number): Head {
  const method = options.openSet ?? 'msp';
  const pack: HeadPack = {
    format: HEAD_FORMAT,
    version: HEAD_VERSION,
    id: `${options.name}@${fingerprint(model.weights, model.bias)}`,
    name: options.name,
    encoder: options.encoder,
    feature: { name: options.featureName, normalize: 'l2' },
    classes: options.classes,
    weights: options.classes.map((_, k) => Array.from(model.weights.subarray(k * model.dim, (k + 1) * model.dim))),
    bias: Array.from(model.bias),
    openSet: { method, threshold, acceptRate: options.acceptRate ?? 0.95, ...(method === 'knn' ? { k: knn!.k } : {}) },
    ...(knn ? { knn: { rows: knn.features.rows, features: encodeFloat32Base64(knn.features.data) } } : {}),
    thresholds: { llr: 0 },
    provenance: {
      trainedOn: options.trainedOn,
      examples,
      c,
      createdAt: options.createdAt ?? new Date().toISOString(),
      software: options.software,
      ...extra,
    },
  };
  return knn ? { pack, model, knn } : { pack, model };
}

function evaluate(head: Head, validation: LabelledFeatures) {
  const { rows, cols, data } = validation.features;
  let correct = 0;
  let known = 0;
  const scores: number[] = [];
  const isKnown: boolean[] = [];
  for (let i = 0; i < rows; i++) {
    const s = score(head, data.subarray(i * cols, (i + 1) * cols));
    const label = validation.labels[i]!;
    scores.push(s.openSetScore);
    isKnown.push(label >= 0);
    if (label < 0) continue;
    known++;
    let best = 0;
    for (let k = 1; k < s.probabilities.length; k++) if (s.probabilities[k]! > s.probabilities[best]!) best = k;
    if (best === label) correct++;
  }
  const knownScores = scores.filter((_, i) => isKnown[i]);
  const auroc = auc(scores, isKnown);
  return {
    accuracy: known > 0 ? correct / known : NaN,
    auroc: isApplicable(auroc) ? auroc : undefined,
    knownScores,
  };
}

function countExamples(classes: string[], labels: Int32Array): Record<string, number> {
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
  const knnOf = (set: LabelledFeatures): KnnReference | undefined =>
    (options.openSet ?? 'msp') === 'knn' ? { k: options.k ?? 10, features: set.features } : undefined;
  const fit = (set: LabelledFeatures, c: number, warmStart?: LinearModel) =>
    fitLogisticRegression(set.features, set.labels, classes.length, { c, maxIterations: 300, ...(warmStart ? { warmStart } : {}) });

  // Sweep from the strongest penalty up, each fit starting from the last: the paper's grid at the cost of a few fits.
  let chosen = { c: options.c ?? 1, model: undefined as LinearModel | undefined, accuracy: -1, auroc: -1 };
  if (options.c === undefined) {
    let previous: LinearModel | undefined;
    for (const c of C_GRID) {
      const model = fit(split.train, c, previous);
      previous = model;
      const result = evaluate(makeHead(model, options, 0, knnOf(split.train), {}, {}, c), split.validation);
      const auroc = result.auroc ?? -1;
      // AUROC first when validation has unknown generators (the paper's criterion), accuracy otherwise.
      const better = auroc > chosen.auroc || (auroc === chosen.auroc && result.accuracy > chosen.accuracy);
      if (better) chosen = { c, model, accuracy: result.accuracy, auroc };
    }
  }
  const model = chosen.model ?? fit(split.train, chosen.c);
  const calibration = evaluate(makeHead(model, options, 0, knnOf(split.train), {}, {}, chosen.c), split.validation);
  const threshold = thresholdAtAcceptRate(calibration.knownScores, options.acceptRate ?? 0.95);

  // With a held-out fifth, the final weights see every example; the threshold stays the held-out one.
  const finalModel = given ? model : fit(data, chosen.c, model);
  const validation: Record<string, number> = { accuracy: calibration.accuracy, examples: split.validation.labels.length };
  if (calibration.auroc !== undefined) validation.auroc = calibration.auroc;
  const head = makeHead(finalModel, options, threshold, knnOf(data), { validation }, countExamples(classes, data.labels), chosen.c);
  return {
    head,
    c: chosen.c,
    validationAccuracy: calibration.accuracy,
    ...(calibration.auroc !== undefined ? { validationAuroc: calibration.auroc } : {}),
  };
}
