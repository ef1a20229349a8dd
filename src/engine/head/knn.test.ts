import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussian, rng } from '../test-support/random';
import { l2Normalize } from './score';
import { buildKnnReference, knnScore, leaveOneClassOutAuroc, leaveOneOutScores } from './knn';
import type { Matrix } from './logistic-regression';

const DIM = 8;

/** Class 0 is spread wide (like real photos of all kinds), class 1 and 2 are tight (like one generator each). */
function reference(): { features: Matrix; labels: Int32Array } {
  const gauss = gaussian(rng(11));
  const spread = [0.3, 0.05, 0.05];
  const rows = 90;
  const data = new Float32Array(rows * DIM);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const v = Float32Array.from({ length: DIM }, () => spread[c]! * gauss());
    v[c] = v[c]! + 1;
    data.set(l2Normalize(v), i * DIM);
    labels[i] = c;
  }
  return { features: { rows, cols: DIM, data }, labels };
}

test('the score is standardised per class: near a tight class but outside its spread is unknown, however close in absolute terms', () => {
  const { features, labels } = reference();
  const ref = buildKnnReference(features, labels, 3, 5);
  const threshold = leaveOneOutScores(ref).sort((a, b) => a - b)[Math.floor(0.05 * 90)]!;
  // Between the two tight classes: cosine similarity about 0.7 to both, far closer than many wide-class pairs.
  const between = l2Normalize(Float32Array.from({ length: DIM }, (_, j) => (j === 1 || j === 2 ? 1 : 0)));
  assert.ok(knnScore(ref, between) < threshold, `score ${knnScore(ref, between)} against threshold ${threshold}`);
  // A fresh member of each class is accepted.
  for (let c = 0; c < 3; c++) {
    const member = l2Normalize(Float32Array.from({ length: DIM }, (_, j) => (j === c ? 1 : 0.01)));
    assert.ok(knnScore(ref, member) >= threshold, `class ${c} member`);
  }
});

test('leaving a generator class out makes its examples score below the others', () => {
  const { features, labels } = reference();
  const auroc = leaveOneClassOutAuroc(buildKnnReference(features, labels, 3, 5), 0);
  assert.ok(auroc !== undefined && auroc > 0.95, `AUROC ${auroc}`);
});

test('k is capped by the smallest class', () => {
  const { features, labels } = reference();
  assert.equal(buildKnnReference(features, labels, 3, 50).k, 29);
});
