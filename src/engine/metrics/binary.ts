// Two-class figures: ROC AUC and balanced accuracy. A figure that the data cannot define (one class only,
// nothing to count) is reported as not applicable with a reason, never as NaN, so that a table can say
// why a cell is empty instead of averaging a NaN into a headline number.

/** Why a figure is not defined for the data at hand. */
export interface NotApplicable {
  readonly notApplicable: string;
}

/** A metric's value, or why it has none. */
export type Figure = number | NotApplicable;

export function notApplicable(reason: string): NotApplicable {
  return { notApplicable: reason };
}

export function isApplicable(figure: Figure): figure is number {
  return typeof figure === 'number';
}

/** The mean of the applicable figures; not applicable if none is. */
export function meanOf(figures: readonly Figure[]): Figure {
  const values = figures.filter(isApplicable);
  if (values.length === 0) return notApplicable('no value to average');
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function checkSameLength(what: string, a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} values but ${b.length} labels`);
}

/** NaN has no place in an ordering; ±Infinity has (an LLR of a probability that underflowed to 0). */
export function checkNoNaN(what: string, scores: readonly number[]): void {
  const i = scores.findIndex((s) => Number.isNaN(s));
  if (i >= 0) throw new RangeError(`${what}: score ${i} is NaN`);
}

/** Compares without subtraction, which would give NaN for Infinity - Infinity. */
export function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * ROC AUC of `scores` for telling `labels` true (positive) from false, as sklearn's roc_auc_score: the
 * probability that a random positive scores above a random negative, ties counted half. Computed as the
 * Mann-Whitney U statistic with average ranks for ties, which equals the trapezoidal area under the ROC.
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): Figure {
  checkSameLength('auc', scores, labels);
  checkNoNaN('auc', scores);
  const positives = labels.filter(Boolean).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    return notApplicable(positives === 0 ? 'no positive sample' : 'no negative sample');
  }
  const order = scores.map((_, i) => i).sort((i, j) => compareNumbers(scores[i]!, scores[j]!));
  let positiveRankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    // Ranks are 1-based; a run of ties shares the mean of its ranks.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) if (labels[order[k]!]) positiveRankSum += rank;
    start = end + 1;
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/**
 * Balanced accuracy of two-class predictions: the mean of the true-positive and true-negative rates.
 * Unlike sklearn's balanced_accuracy_score, which falls back to the recall of the one class present (with
 * a warning), it is not applicable when either class is missing: "balanced" against nothing means nothing.
 */
export function balancedAccuracy(predicted: readonly boolean[], labels: readonly boolean[]): Figure {
  checkSameLength('balancedAccuracy', predicted, labels);
  let positives = 0;
  let truePositives = 0;
  let trueNegatives = 0;
  labels.forEach((label, i) => {
    if (label) {
      positives++;
      if (predicted[i]) truePositives++;
    } else if (!predicted[i]) {
      trueNegatives++;
    }
  });
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    return notApplicable(positives === 0 ? 'no positive sample' : 'no negative sample');
  }
  return (truePositives / positives + trueNegatives / negatives) / 2;
}
