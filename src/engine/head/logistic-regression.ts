// Multinomial logistic regression with an L2 penalty, as the open-set attribution paper fits on CLIP
// features (scikit-learn's LogisticRegression with the lbfgs solver: the penalty is 1/(2C)·|W|², the
// intercept is not penalised). We minimise the same objective divided by n, which has the same minimiser
// and keeps the scale of the gradient independent of the number of examples.
import { minimize } from './lbfgs';
import { softmaxInPlace } from './softmax';
import { softmaxLoss, type SoftmaxLossData } from './softmax-loss';

/** n examples of dimension d, row-major. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

export interface LinearModel {
  classes: number;
  dim: number;
  /** classes × dim, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface FitOptions {
  /** Inverse regularisation strength, as scikit-learn's C. */
  c: number;
  /** A model to start from (a neighbouring C of a sweep), which makes a sweep several times faster. */
  warmStart?: LinearModel;
  maxIterations?: number;
  /** Stop when the largest gradient component is below this; 1e-6 unless given. */
  tolerance?: number;
}

export function logits(model: LinearModel, x: Float32Array, offset = 0, out = new Float64Array(model.classes)): Float64Array {
  const { classes, dim, weights, bias } = model;
  for (let k = 0; k < classes; k++) {
    let z = bias[k]!;
    const row = k * dim;
    for (let j = 0; j < dim; j++) z += weights[row + j]! * x[offset + j]!;
    out[k] = z;
  }
  return out;
}

export function fitLogisticRegression(x: Matrix, labels: Int32Array, classes: number, options: FitOptions): LinearModel {
  const { rows: n, cols: d, data } = x;
  if (labels.length !== n) throw new Error(`fitLogisticRegression: ${n} examples but ${labels.length} labels`);
  const wSize = classes * d;
  const lambda = 1 / (options.c * n);
  const params = new Float64Array(wSize + classes);
  if (options.warmStart) {
    params.set(options.warmStart.weights, 0);
    params.set(options.warmStart.bias, wSize);
  }
  const loss: SoftmaxLossData = { rows: n, cols: d, x: Float64Array.from(data), labels, classes, lambda };
  const z = new Float64Array(n * classes);
  const objective = (p: Float64Array, grad: Float64Array): number => softmaxLoss(loss, p, grad, z);

  const result = minimize(objective, params, { maxIterations: options.maxIterations ?? 1000, gradientTolerance: options.tolerance ?? 1e-6 });
  return {
    classes,
    dim: d,
    weights: Float32Array.from(result.x.subarray(0, wSize)),
    bias: Float32Array.from(result.x.subarray(wSize)),
  };
}

/** Probabilities of every class for one example. */
export function predictProba(model: LinearModel, x: Float32Array, offset = 0): Float64Array {
  const z = logits(model, x, offset);
  softmaxInPlace(z);
  return z;
}
