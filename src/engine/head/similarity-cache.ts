// The similarity matrix of a reference set, carried from one retraining to the next. A person enrols one
// image at a time, so all but one row of the matrix is known already: rows are named (by the feature and
// the image's content hash), pairs both named before are copied, and only pairs with a new row are
// computed. For 500 × 768 features that turns the largest part of a retraining into a copy.
import type { Matrix } from './logistic-regression';

export interface SimilarityMemo {
  keys: readonly string[];
  similarities: Float32Array;
}

/** The similarities of `features` (rows named by `keys`), reusing every pair `memo` holds. */
export function similaritiesWith(memo: SimilarityMemo | undefined, keys: readonly string[], features: Matrix): SimilarityMemo {
  const { rows: n, cols, data } = features;
  if (keys.length !== n) throw new Error(`similaritiesWith: ${n} rows but ${keys.length} keys`);
  const previous = new Map(memo?.keys.map((k, i) => [k, i]));
  const m = memo?.keys.length ?? 0;
  const oldRow = keys.map((k) => previous.get(k) ?? -1);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = oldRow[i]!;
    for (let j = i; j < n; j++) {
      const oj = oldRow[j]!;
      let s: number;
      if (oi >= 0 && oj >= 0) {
        s = memo!.similarities[oi * m + oj]!;
      } else {
        s = 0;
        const a = i * cols;
        const b = j * cols;
        for (let d = 0; d < cols; d++) s += data[a + d]! * data[b + d]!;
      }
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return { keys, similarities: out };
}
