// Softmax, shared by the loss the fit minimises (softmax-loss.ts) and by every reader of a fitted model
// (logistic-regression.ts, judge.ts, train-head.ts): a file of its own so that the loss and the fit do not
// import each other.

/** Softmax in place; returns log-sum-exp of the input (needed for the loss and the energy score). */
export function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) max = Math.max(max, z[k]!);
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    const e = Math.exp(z[k]! - max);
    z[k] = e;
    sum += e;
  }
  for (let k = 0; k < z.length; k++) z[k] = z[k]! / sum;
  return max + Math.log(sum);
}
