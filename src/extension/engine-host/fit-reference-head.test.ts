import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retrainHead } from '../../engine/head/retrain-head';
import { BLOB_HEAD_OPTIONS, blobs } from '../../engine/test-support/blobs';
import type { LabelledFeatures } from '../../engine/head/train-head';
import { fitReferenceHead, SWEEP_LIMIT } from './fit-reference-head';

const options = BLOB_HEAD_OPTIONS;

const firstRows = (set: LabelledFeatures, rows: number): LabelledFeatures => ({
  features: { rows, cols: set.features.cols, data: set.features.data.subarray(0, rows * set.features.cols) },
  labels: set.labels.subarray(0, rows),
});

test('a small reference set takes the sweep over C and leaves the similarity memo alone', () => {
  const set = blobs(10, 16, 3);
  assert.ok(set.features.rows * set.features.cols <= SWEEP_LIMIT);
  const { report, memo } = fitReferenceHead(set, options, () => assert.fail('a sweep names no rows'));
  assert.ok('validationAccuracy' in report && 'c' in report, 'the sweep reports its validation accuracy and chosen C');
  assert.equal(memo, undefined);
});

test('a large one takes the fast retraining, and carrying the memo over one enrolment gives the same head', () => {
  const set = blobs(60, 256, 3);
  assert.ok(set.features.rows * set.features.cols > SWEEP_LIMIT);
  const keys = Array.from({ length: set.features.rows }, (_, i) => `row-${i}`);
  const before = fitReferenceHead(firstRows(set, set.features.rows - 1), options, () => keys.slice(0, -1));
  assert.ok('trainingAccuracy' in before.report);
  assert.deepEqual(before.memo?.keys, keys.slice(0, -1));

  const carried = fitReferenceHead(set, options, () => keys, before.memo, before.report.head);
  const fresh = fitReferenceHead(set, options, () => keys, undefined, before.report.head);
  assert.deepEqual(carried.memo?.similarities, fresh.memo?.similarities);
  assert.equal(carried.report.head.pack.id, fresh.report.head.pack.id);
  // The smallest class has 60 examples: k is capped at 10, as retrainHead's own tests use it.
  const direct = retrainHead(set, { ...options, k: 10, previous: before.report.head });
  assert.equal(carried.report.head.pack.id, direct.head.pack.id);
});
