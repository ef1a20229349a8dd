import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HeadPackError, isDetector, migrateHeadPack, parseAnyHeadPack, parseHeadPack } from './head-pack';

// A version 1 pack as OriginLens wrote them before detectors: weights and bias at the top level.
const v1 = {
  format: 'originlens-head',
  version: 1,
  id: 'old@0123456789abcdef',
  name: 'Old head',
  encoder: { id: 'enc', sha256: 'a'.repeat(64) },
  feature: { name: 'block2', normalize: 'l2' },
  classes: ['real', 'gen'],
  weights: [
    [1, 0],
    [0, 1],
  ],
  bias: [0, 0.5],
  openSet: { method: 'msp', threshold: 0.6, acceptRate: 0.95 },
  thresholds: { llr: 0 },
  provenance: { trainedOn: 'old images', examples: { real: 3, gen: 3 }, c: 1, createdAt: '2026-01-01T00:00:00.000Z', software: 'originlens 0.1.0' },
};

test('a version 1 pack loads as a version 2 attribution head, its id (and so its cached verdicts) unchanged', () => {
  const head = parseHeadPack(v1, 'old.json');
  assert.equal(head.pack.version, 2);
  assert.equal(head.pack.kind, 'attribution');
  assert.equal(head.pack.id, v1.id);
  assert.deepEqual(head.pack.layers, [{ weights: v1.weights, bias: v1.bias }]);
  assert.deepEqual(Array.from(head.model.bias), [0, 0.5]);
  const migrated = migrateHeadPack(v1);
  assert.equal('weights' in migrated, false);
  assert.equal(migrateHeadPack(migrated), migrated, 'a version 2 pack is left as it is');
  assert.deepEqual(parseHeadPack(JSON.parse(JSON.stringify(migrated)), 'again').pack, head.pack);
});

test('version 2 detectors: one logit from a stack of layers, checked layer by layer', () => {
  const detector = {
    format: 'originlens-head',
    version: 2,
    kind: 'detector',
    id: 'd@1',
    name: 'D',
    encoder: { id: 'clip-vit-l14' },
    feature: { name: 'pooled', normalize: 'none' },
    preprocess: { mode: 'crop', size: 224 },
    layers: [
      { weights: [[1, 2], [3, 4], [5, 6]], bias: [0, 0, 0], activation: 'relu' },
      { weights: [[1, 1, 1]], bias: [0] },
    ],
    thresholds: { llr: 0 },
    provenance: { trainedOn: 'x', createdAt: 'as published', software: 't' },
  };
  assert.ok(isDetector(parseAnyHeadPack(detector)));
  assert.throws(() => parseHeadPack(detector, 'd.json'), /d\.json: "D" is a detector, not an attribution head/);
  const broken = (change: (d: typeof detector) => void) => {
    const copy = JSON.parse(JSON.stringify(detector)) as typeof detector;
    change(copy);
    return () => parseAnyHeadPack(copy, 'd.json');
  };
  assert.throws(broken((d) => (d.layers[1]!.weights = [[1, 1]])), /layers\[1\]\.weights: expected 3 columns, the outputs of layer 0/);
  assert.throws(broken((d) => (d.layers[1]!.weights = [[1, 1, 1], [1, 1, 1]])), (e: unknown) => e instanceof HeadPackError && /weights and bias|one logit/.test(e.message));
  assert.throws(broken((d) => ((d.layers[1] as { activation?: string }).activation = 'relu')), /the last layer gives logits/);
  assert.throws(broken((d) => (d.preprocess.mode = 'stretch')), /preprocess\.mode/);
  assert.throws(broken((d) => (d.feature.normalize = 'l1')), /feature\.normalize/);
  assert.throws(broken((d) => ((d as { kind: string }).kind = 'other')), /kind: expected "attribution" or "detector"/);
});
