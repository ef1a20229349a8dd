import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainingSet } from './training-set';

const ex = (label: string, v: number[]) => ({ label, features: { embedding: Float32Array.from(v) } });

test('a stand-alone set needs real photos, a generator and two examples of each', () => {
  assert.match((trainingSet([ex('A', [1, 0]), ex('A', [0, 1])], 'embedding') as { reason: string }).reason, /real photo/);
  assert.match((trainingSet([ex('real', [1, 0]), ex('real', [0, 1])], 'embedding') as { reason: string }).reason, /generator/);
  assert.match((trainingSet([ex('real', [1, 0]), ex('real', [0, 1]), ex('A', [1, 1])], 'embedding') as { reason: string }).reason, /"A" needs at least 2/);
  const set = trainingSet([ex('real', [3, 0]), ex('A', [0, 2]), ex('real', [1, 0]), ex('A', [0, 5])], 'embedding');
  assert.ok(!('reason' in set));
  assert.deepEqual(set.classes, ['real', 'A']);
  assert.deepEqual(Array.from(set.data.labels), [0, 1, 0, 1]);
  // L2-normalised, as heads read features.
  assert.deepEqual(Array.from(set.data.features.data), [1, 0, 0, 1, 1, 0, 0, 1]);
});

test('extending a head adds its training features (k-NN packs) to the person\'s examples; other packs cannot be extended', async () => {
  const { trainHead } = await import('../../../engine/head/train-head');
  const { whyNotExtendable } = await import('./training-set');
  const rows = [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0.1, 0.9, 0], [1, 0.05, 0], [0.05, 1, 0]];
  const data = { features: { rows: 6, cols: 3, data: Float32Array.from(rows.flat()) }, labels: Int32Array.of(0, 0, 1, 1, 0, 1) };
  const common = { name: 'base', classes: ['real', 'Old'], encoder: { id: 'enc', sha256: '0'.repeat(64) }, featureName: 'embedding', trainedOn: 't', software: 't', c: 1 };
  const knnHead = trainHead(data, { ...common, openSet: 'knn', k: 1 }).head;
  const mspHead = trainHead(data, { ...common, openSet: 'msp' }).head;
  assert.equal(whyNotExtendable(knnHead), undefined);
  assert.match(whyNotExtendable(mspHead) ?? '', /can only stand alone/);
  const set = trainingSet([ex('New', [0, 0, 1]), ex('New', [0, 0.1, 1])], 'embedding', knnHead);
  assert.ok(!('reason' in set));
  assert.deepEqual(set.classes, ['real', 'Old', 'New']);
  assert.equal(set.data.features.rows, 8);
  assert.deepEqual(Array.from(set.data.labels), [0, 0, 1, 1, 0, 1, 2, 2]);
});
