import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussian, rng } from '../test-support/random';
import { fitLogisticRegression, predictProba, type Matrix } from './logistic-regression';

/** Three Gaussian blobs in 5 dimensions, overlapping a little. */
function blobs(perClass: number, seed: number): { x: Matrix; y: Int32Array } {
  const gauss = gaussian(rng(seed));
  const centres = [
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [0, 0, 1, 0, 0],
  ];
  const rows = perClass * centres.length;
  const data = new Float32Array(rows * 5);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % 3;
    for (let j = 0; j < 5; j++) data[i * 5 + j] = centres[i % 3]![j]! + 0.4 * gauss();
  }
  return { x: { rows, cols: 5, data }, y };
}

test('the fit satisfies the optimality condition of the penalised likelihood (sum of residuals × x = -W / C)', () => {
  const { x, y } = blobs(30, 1);
  const c = 0.7;
  const model = fitLogisticRegression(x, y, 3, { c });
  const grad = new Float64Array(3 * 5);
  const gradBias = new Float64Array(3);
  for (let i = 0; i < x.rows; i++) {
    const p = predictProba(model, x.data, i * 5);
    for (let k = 0; k < 3; k++) {
      const r = p[k]! - (y[i] === k ? 1 : 0);
      gradBias[k] = gradBias[k]! + r;
      for (let j = 0; j < 5; j++) grad[k * 5 + j] = grad[k * 5 + j]! + r * x.data[i * 5 + j]!;
    }
  }
  for (let j = 0; j < 15; j++) assert.ok(Math.abs(grad[j]! + model.weights[j]! / c) < 1e-3, `weight gradient ${j}`);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(gradBias[k]!) < 1e-3, `bias gradient ${k}`);
});

test('separates held-out examples of well-separated classes', () => {
  const train = blobs(40, 2);
  const test = blobs(40, 3);
  const model = fitLogisticRegression(train.x, train.y, 3, { c: 10 });
  let correct = 0;
  for (let i = 0; i < test.x.rows; i++) {
    const p = predictProba(model, test.x.data, i * 5);
    if (p.indexOf(Math.max(...p)) === test.y[i]) correct++;
  }
  assert.ok(correct / test.x.rows > 0.9, `accuracy ${correct / test.x.rows}`);
});

test('a strong penalty shrinks the weights towards zero and the probabilities towards the class shares', () => {
  const { x, y } = blobs(20, 4);
  const model = fitLogisticRegression(x, y, 3, { c: 1e-6 });
  assert.ok(Math.max(...model.weights.map(Math.abs)) < 1e-3);
  const p = predictProba(model, x.data, 0);
  p.forEach((v) => assert.ok(Math.abs(v - 1 / 3) < 1e-3));
});
