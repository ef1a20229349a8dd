import assert from 'node:assert/strict';
import { test } from 'node:test';
import { l2Normalize } from './judge';
import { retrainHead, warmStartFrom } from './retrain-head';
import { trainHead } from './train-head';

function blobs(perClass: number, dim: number, classes: number, seed = 3) {
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

const options = {
  name: 'retrain',
  classes: ['real', 'gen-a', 'gen-b'],
  encoder: { id: 'enc', sha256: '0'.repeat(64) },
  featureName: 'embedding',
  trainedOn: 'blobs',
  software: 'test',
  createdAt: '2026-01-01T00:00:00.000Z',
};

test('the fast retraining agrees with the full training on what it classifies, and calibrates the knn score', () => {
  const set = blobs(40, 48, 3);
  const fast = retrainHead(set, options);
  const full = trainHead(set, { ...options, c: 10, openSet: 'knn', k: 10 });
  assert.ok(fast.trainingAccuracy >= 0.95, `training accuracy ${fast.trainingAccuracy}`);
  assert.equal(fast.head.pack.openSet.method, 'knn');
  assert.ok(Number.isFinite(fast.head.pack.openSet.threshold));
  // Same examples, same calibration: the leave-one-out threshold does not depend on the fit.
  assert.equal(fast.head.pack.openSet.threshold, full.head.pack.openSet.threshold);
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
