// The features both head benchmarks train on: 500 L2-normalised 768-dimensional features (ViT-B's
// class-token width) of five classes around random centres, overlapping enough that the fit has work to do.
import { l2Normalize } from '../../src/engine/head/score';
import type { Matrix } from '../../src/engine/head/logistic-regression';
import { Random } from '../../src/engine/onnx/random';

export const ROWS = 500;
export const DIM = 768;
export const CLASSES = ['real', 'gen-a', 'gen-b', 'gen-c', 'gen-d'];

export function headFeatures(): { features: Matrix; labels: Int32Array } {
  const rng = new Random(11);
  const centres = CLASSES.map(() => rng.normals(DIM, 1));
  const data = new Float32Array(ROWS * DIM);
  const labels = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const k = i % CLASSES.length;
    labels[i] = k;
    data.set(l2Normalize(Float32Array.from(centres[k]!, (c) => 0.3 * c + rng.normal(1))), i * DIM);
  }
  return { features: { rows: ROWS, cols: DIM, data }, labels };
}
