// Test data for head training: L2-normalised features in clusters around random centres, one per class,
// rows of the classes interleaved, and the options of a head for three such classes.
import { l2Normalize } from '../head/score';
import type { LabelledFeatures } from '../head/train-head';

export function blobs(perClass: number, dim: number, classes: number, seed = 3): LabelledFeatures {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: dim }, rand));
  const rows = perClass * classes;
  const data = new Float32Array(rows * dim);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    labels[i] = i % classes;
    data.set(l2Normalize(Float32Array.from(centres[i % classes]!, (c) => c + 0.6 * rand())), i * dim);
  }
  return { features: { rows, cols: dim, data }, labels };
}

/** Options of a head for blobs of three classes (`real` and two generators). */
export const BLOB_HEAD_OPTIONS = {
  name: 'blobs',
  classes: ['real', 'gen-a', 'gen-b'],
  encoder: { id: 'enc', sha256: '0'.repeat(64) },
  featureName: 'embedding',
  trainedOn: 'blobs',
  software: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
};
