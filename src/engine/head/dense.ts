// A detector's layers run forward: dense layers with their activations, the last giving one logit.
import type { DenseLayer, HeadActivation } from './head-pack';
import { logits } from './logistic-regression';

/** GELU as PyTorch's default (the exact form with erf), through Abramowitz–Stegun 7.1.26 (error < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

function activate(values: Float64Array, activation: HeadActivation): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = activation === 'relu' ? Math.max(0, v) : activation === 'gelu' ? 0.5 * v * (1 + erf(v / Math.SQRT2)) : v;
  }
  return out;
}

/** The outputs of the last layer for one feature vector. */
export function forward(layers: readonly DenseLayer[], feature: Float32Array): Float64Array {
  let x = feature;
  let z: Float64Array = new Float64Array(0);
  for (const layer of layers) {
    z = logits(layer.model, x);
    x = activate(z, layer.activation);
  }
  return z;
}
