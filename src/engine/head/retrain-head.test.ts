import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLogisticRegression, predictProba } from './logistic-regression';
import { retrainHead, warmStartFrom } from './retrain-head';
import { BLOB_HEAD_OPTIONS, blobs } from '../test-support/blobs';
import { trainHead } from './train-head';

const options = BLOB_HEAD_OPTIONS;

test('the fast retraining agrees with the full training on what it classifies, and calibrates the knn score', () => {
  const set = blobs(40, 48, 3);
  const fast = retrainHead(set, options);
  const full = trainHead(set, { ...options, c: 10, openSet: 'knn', k: 10 });
  assert.ok(fast.trainingAccuracy >= 0.95, `training accuracy ${fast.trainingAccuracy}`);
  assert.equal(fast.head.pack.openSet.method, 'knn');
  assert.ok(Number.isFinite(fast.head.pack.openSet.threshold));
  // Same examples, same calibration: the leave-one-out threshold does not depend on the fit.
  assert.equal(fast.head.pack.openSet.threshold, full.head.pack.openSet.threshold);
  // The looser tolerance changes no decision: the same class as a fit to 1e-6 for every example.
  const tight = fitLogisticRegression(set.features, set.labels, 3, { c: 10, tolerance: 1e-6, maxIterations: 1000 });
  const argmax = (p: Float64Array) => p.indexOf(Math.max(...p));
  for (let i = 0; i < set.features.rows; i++) {
    assert.equal(argmax(predictProba(fast.head.model, set.features.data, i * 48)), argmax(predictProba(tight, set.features.data, i * 48)), `example ${i}`);
  }
});

test('a warm start maps the previous head\'s classes by name, and new classes start at zero', () => {
  const set = blobs(20, 16, 3);
  const first = retrainHead(set, options).head;
  const warm = warmStartFrom(first, ['gen-b', 'real', 'gen-new'], 16)!;
  assert.deepEqual(Array.from(warm.weights.subarray(0, 16)), Array.from(first.model.weights.subarray(32, 48)));
  assert.deepEqual(Array.from(warm.weights.subarray(16, 32)), Array.from(first.model.weights.subarray(0, 16)));
  assert.ok(warm.weights.subarray(32).every((w) => w === 0));
  assert.equal(warmStartFrom(first, ['real'], 17), undefined, 'another dimension cannot warm-start');
  const again = retrainHead(set, { ...options, previous: first });
  assert.ok(again.trainingAccuracy >= 0.95);
});

test('similarities carried over from the previous retraining give the same head as computing them afresh', async () => {
  const { similaritiesWith } = await import('./similarity-cache');
  const set = blobs(30, 24, 3);
  const keys = Array.from(set.labels, (_, i) => `row-${i}`);
  const earlier = { features: { rows: set.features.rows - 1, cols: 24, data: set.features.data.subarray(0, (set.features.rows - 1) * 24) }, labels: set.labels.subarray(0, -1) };
  const memo = similaritiesWith(undefined, keys.slice(0, -1), earlier.features);
  const carried = similaritiesWith(memo, keys, set.features);
  const fresh = similaritiesWith(undefined, keys, set.features);
  assert.deepEqual(Array.from(carried.similarities), Array.from(fresh.similarities));
  const a = retrainHead({ features: { ...set.features }, labels: set.labels }, options);
  const b = retrainHead({ features: { ...set.features }, labels: set.labels }, { ...options, similarities: carried.similarities });
  assert.equal(a.head.pack.id, b.head.pack.id);
});
