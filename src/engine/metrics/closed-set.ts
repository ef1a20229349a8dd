// Closed-set attribution figures, as the open-set attribution paper's code computes them with sklearn:
// accuracy, and F1 per class averaged without weights ("macro") over the classes that occur among the
// true or the predicted labels.
import { checkNoNaN, checkSameLength, notApplicable, type Figure } from './binary';

/** Index of the largest value, the first one on ties (as numpy's argmax); -1 for an empty list. */
export function argmax(values: readonly number[]): number {
  checkNoNaN('argmax', values);
  let best = -1;
  values.forEach((v, i) => {
    if (best < 0 || v > values[best]!) best = i;
  });
  return best;
}

/** Fraction of predictions equal to the truth. */
export function accuracy(predicted: readonly string[], truth: readonly string[]): Figure {
  checkSameLength('accuracy', predicted, truth);
  if (truth.length === 0) return notApplicable('no sample');
  return predicted.filter((p, i) => p === truth[i]).length / truth.length;
}

export interface ClassF1 {
  name: string;
  /** Samples whose true class this is ("support"). */
  n: number;
  f1: number;
}

/**
 * F1 of each class occurring among the true or predicted labels, in sorted order as sklearn's
 * unique_labels. Written 2·TP / (2·TP + FP + FN), which is 0 where precision or recall would divide by
 * zero: sklearn's default (zero_division="warn" counts them as 0).
 */
export function f1PerClass(predicted: readonly string[], truth: readonly string[]): ClassF1[] {
  checkSameLength('f1PerClass', predicted, truth);
  const names = [...new Set([...truth, ...predicted])].sort();
  return names.map((name) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (t === name && p === name) tp++;
      else if (p === name) fp++;
      else if (t === name) fn++;
    });
    return { name, n: tp + fn, f1: (2 * tp) / (2 * tp + fp + fn) };
  });
}

/** Unweighted mean of the per-class F1 (sklearn's f1_score(average="macro")). */
export function macroF1(predicted: readonly string[], truth: readonly string[]): Figure {
  const perClass = f1PerClass(predicted, truth);
  if (perClass.length === 0) return notApplicable('no sample');
  return perClass.reduce((sum, c) => sum + c.f1, 0) / perClass.length;
}
