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
