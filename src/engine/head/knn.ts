// The k-nearest-neighbour open-set score, class by class. The cosine similarity to the k-th nearest
// training example of a class (Sun et al., "Out-of-distribution detection with deep nearest neighbors",
// 2022) is standardised by how that class's own examples score against each other, and the best class
// wins. Without the standardisation, one global threshold fails when classes differ in spread: a varied
// class of real photos sets it so low that an unseen generator passes next to a tight generator class.
import { auc, isApplicable } from '../metrics';
import type { Matrix } from './logistic-regression';

/** Training features kept in the head (L2-normalised rows), their classes and each class's spread. */
export interface KnnReference {
  k: number;
  features: Matrix;
  labels: Int32Array;
  /** Per class: mean and standard deviation of its examples' leave-one-out similarities. */
  stats: { mean: number; std: number }[];
}

/** A floor on the spread, so a class of near-duplicates does not turn every small difference into a huge z. */
const MIN_STD = 1e-3;
/** At most this many examples per class enter the quadratic estimates of training. */
const MAX_PER_CLASS = 200;

interface Leave {
  /** A training row to leave out (the example being scored). */
  row?: number;
  /** A class to leave out entirely (the generator played as unknown). */
  label?: number;
}

/**
 * Every training example's similarity to every other, computed once per feature matrix (half of it, by
 * symmetry) and shared by the reference's statistics, the leave-one-out scores and the leave-one-class-out
 * estimate, which would otherwise each recompute it. Held weakly: it goes with the matrix.
 */
const grams = new WeakMap<Matrix, Float32Array>();

/**
 * Hands over a similarity matrix already known for these features (similarity-cache.ts keeps one across
 * retrainings, where only the newest example's row is new), so it is not computed again.
 */
export function provideSimilarities(features: Matrix, similarities: Float32Array): void {
  if (similarities.length !== features.rows * features.rows) throw new Error(`similarities: expected ${features.rows} × ${features.rows} values`);
  grams.set(features, similarities);
}

function gram(features: Matrix): Float32Array {
  const cached = grams.get(features);
  if (cached) return cached;
  const { rows, cols } = features;
  // Float64 once, so the hot loop never converts; 4 × 4 tiles of rows: each loaded value serves four
  // products instead of one, which is most of the gain (the matrix is half of a retraining's time).
  const data = Float64Array.from(features.data);
  const out = new Float32Array(rows * rows);
  const put = (i: number, j: number, s: number) => {
    out[i * rows + j] = s;
    out[j * rows + i] = s;
  };
  const tiled = rows - (rows % 4);
  for (let i = 0; i < tiled; i += 4) {
    const a0 = i * cols;
    const a1 = a0 + cols;
    const a2 = a1 + cols;
    const a3 = a2 + cols;
    for (let j = i; j < tiled; j += 4) {
      const b0 = j * cols;
      const b1 = b0 + cols;
      const b2 = b1 + cols;
      const b3 = b2 + cols;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let d = 0; d < cols; d++) {
        const x0 = data[a0 + d]!;
        const x1 = data[a1 + d]!;
        const x2 = data[a2 + d]!;
        const x3 = data[a3 + d]!;
        const y0 = data[b0 + d]!;
        const y1 = data[b1 + d]!;
        const y2 = data[b2 + d]!;
        const y3 = data[b3 + d]!;
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      put(i, j, s00); put(i, j + 1, s01); put(i, j + 2, s02); put(i, j + 3, s03);
      put(i + 1, j, s10); put(i + 1, j + 1, s11); put(i + 1, j + 2, s12); put(i + 1, j + 3, s13);
      put(i + 2, j, s20); put(i + 2, j + 1, s21); put(i + 2, j + 2, s22); put(i + 2, j + 3, s23);
      put(i + 3, j, s30); put(i + 3, j + 1, s31); put(i + 3, j + 2, s32); put(i + 3, j + 3, s33);
    }
  }
  // The rows left over by the tiling, against every row.
  for (let i = tiled; i < rows; i++) {
    for (let j = 0; j < rows; j++) {
      let s = 0;
      for (let d = 0; d < cols; d++) s += data[i * cols + d]! * data[j * cols + d]!;
      put(i, j, s);
    }
  }
  grams.set(features, out);
  return out;
}

/** The k-th largest similarity to each class's examples, given the similarities to every training example. */
function kthPerClass(ref: Pick<KnnReference, 'k' | 'labels'>, classes: number, similarity: (j: number) => number, leave: Leave): Float64Array {
  const best = Array.from({ length: classes }, () => new Float64Array(ref.k).fill(-Infinity));
  for (let j = 0; j < ref.labels.length; j++) {
    const label = ref.labels[j]!;
    if (j === leave.row || label === leave.label) continue;
    const s = similarity(j);
    const top = best[label]!;
    // Kept sorted in descending order; k is small.
    let p = top.length - 1;
    if (s <= top[p]!) continue;
    while (p > 0 && top[p - 1]! < s) {
      top[p] = top[p - 1]!;
      p--;
    }
    top[p] = s;
  }
  return Float64Array.from(best, (top) => top[top.length - 1]!);
}

/** Similarities of training example i, read from the shared matrix. */
function ofTrainingRow(features: Matrix, i: number): (j: number) => number {
  const g = gram(features);
  const off = i * features.rows;
  return (j) => g[off + j]!;
}

function standardisedMax(kth: Float64Array, stats: KnnReference['stats'], leaveLabel?: number): number {
  let score = -Infinity;
  for (let c = 0; c < kth.length; c++) {
    if (c === leaveLabel || kth[c] === -Infinity) continue;
    score = Math.max(score, (kth[c]! - stats[c]!.mean) / stats[c]!.std);
  }
  return score;
}

/** The open-set score of a normalised feature: higher means closer to a known class than its own examples are. */
export function knnScore(ref: KnnReference, feature: Float32Array): number {
  const { cols, data } = ref.features;
  const similarity = (j: number) => {
    let s = 0;
    const off = j * cols;
    for (let d = 0; d < cols; d++) s += data[off + d]! * feature[d]!;
    return s;
  };
  return standardisedMax(kthPerClass(ref, ref.stats.length, similarity, {}), ref.stats);
}

function sampleRows(labels: Int32Array): number[] {
  const seen = new Map<number, number>();
  const picked: number[] = [];
  labels.forEach((label, i) => {
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    if (n < MAX_PER_CLASS) picked.push(i);
  });
  return picked;
}

/** Builds the reference: k is capped by the smallest class, and each class's spread is measured leave-one-out. */
export function buildKnnReference(features: Matrix, labels: Int32Array, classes: number, k: number): KnnReference {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l] = counts[l]! + 1;
  const kk = Math.max(1, Math.min(k, ...counts.map((n) => n - 1)));
  const partial = { k: kk, features, labels };
  const own: number[][] = Array.from({ length: classes }, () => []);
  for (const i of sampleRows(labels)) own[labels[i]!]!.push(kthPerClass(partial, classes, ofTrainingRow(features, i), { row: i })[labels[i]!]!);
  const stats = own.map((values) => {
    const finite = values.filter(Number.isFinite);
    const mean = finite.reduce((a, b) => a + b, 0) / Math.max(1, finite.length);
    const variance = finite.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, finite.length - 1);
    return { mean, std: Math.max(MIN_STD, Math.sqrt(variance)) };
  });
  return { ...partial, stats };
}

/** Leave-one-out scores of the training examples: each against all the others. They calibrate the threshold. */
export function leaveOneOutScores(ref: KnnReference): number[] {
  const { features, stats } = ref;
  return sampleRows(ref.labels).map((i) => standardisedMax(kthPerClass(ref, stats.length, ofTrainingRow(features, i), { row: i }), stats));
}

/**
 * How well the score would flag a generator it has never seen: each class but `skip` (real photos) is left
 * out of the reference in turn, and its examples play the unknown generator against the leave-one-out
 * scores of the rest. The mean AUROC; undefined with fewer than two generator classes.
 */
export function leaveOneClassOutAuroc(ref: KnnReference, skip: number): number | undefined {
  const { features, labels, stats } = ref;
  const picked = sampleRows(labels);
  const outs = [...new Set(labels)].filter((c) => c !== skip);
  if (outs.length < 2) return undefined;
  const aurocs = outs.map((out) => {
    const scores = picked.map((i) => standardisedMax(kthPerClass(ref, stats.length, ofTrainingRow(features, i), { row: i, label: out }), stats, out));
    return auc(scores, picked.map((i) => labels[i] !== out));
  });
  const values = aurocs.filter(isApplicable);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}
