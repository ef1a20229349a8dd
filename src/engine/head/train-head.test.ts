import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussian, rng } from '../test-support/random';
import { HeadPackError, parseHeadPack } from './head-pack';
import { l2Normalize } from './score';
import { verdictOf } from '../verdict/verdict';
import type { Matrix } from './logistic-regression';
import { C_GRID, holdOut, trainHead, type TrainHeadOptions } from './train-head';

const DIM = 16;
const CLASSES = ['real', 'alpha', 'beta', 'gamma'];

/** Normalised features around one direction per class; class index `CLASSES.length` is a family never trained on. */
function features(perClass: number, classIndices: number[], seed: number): { features: Matrix; labels: Int32Array } {
  const gauss = gaussian(rng(seed));
  const rows = perClass * classIndices.length;
  const data = new Float32Array(rows * DIM);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = classIndices[i % classIndices.length]!;
    const v = new Float32Array(DIM);
    for (let j = 0; j < DIM; j++) v[j] = 0.25 * gauss();
    v[c] = v[c]! + 1;
    data.set(l2Normalize(v), i * DIM);
    labels[i] = c < CLASSES.length ? c : -1;
  }
  return { features: { rows, cols: DIM, data }, labels };
}

const options: TrainHeadOptions = {
  name: 'synthetic-blobs',
  classes: CLASSES,
  encoder: { id: 'test-encoder', sha256: 'a'.repeat(64) },
  featureName: 'embedding',
  trainedOn: 'Gaussian blobs made by the test',
  software: 'originlens test',
  createdAt: '2026-01-01T00:00:00.000Z',
};

test('the C grid is the paper\'s: 45 log-spaced values from 1e-6 to 1e5', () => {
  assert.equal(C_GRID.length, 45);
  assert.ok(Math.abs(C_GRID[0]! - 1e-6) < 1e-18 && Math.abs(C_GRID[44]! - 1e5) < 1e-6);
  assert.ok(Math.abs(C_GRID[1]! / C_GRID[0]! - 10 ** 0.25) < 1e-9);
});

test('holding out keeps a fifth of every class and at least one of each', () => {
  const set = features(7, [0, 1, 2, 3], 1);
  const { train, validation } = holdOut(set);
  assert.equal(train.labels.length + validation.labels.length, set.labels.length);
  for (let c = 0; c < 4; c++) assert.ok(validation.labels.includes(c), `class ${c} in validation`);
});

test('a trained head attributes held-out examples, flags an unseen family, and survives a JSON round trip', () => {
  const train = features(20, [0, 1, 2, 3], 2);
  const validation = features(10, [0, 1, 2, 3, 4], 3);
  const report = trainHead(train, { ...options, validation, openSet: 'knn', k: 5 });
  assert.ok(report.validationAccuracy >= 0.9, `validation accuracy ${report.validationAccuracy}`);
  assert.ok(report.validationAuroc !== undefined && report.validationAuroc > 0.8, `AUROC ${report.validationAuroc}`);

  const head = parseHeadPack(JSON.parse(JSON.stringify(report.head.pack)), 'round trip');
  const heldOut = features(10, [1, 2, 3, 4], 4);
  let right = 0;
  let unknownFlags = 0;
  for (let i = 0; i < heldOut.labels.length; i++) {
    const x = heldOut.features.data.slice(i * DIM, (i + 1) * DIM);
    const verdict = verdictOf([head], { embedding: x });
    const expected = CLASSES[heldOut.labels[i]!];
    if (expected !== undefined && verdict.kind === 'generator' && verdict.generator === expected) right++;
    if (expected === undefined && (verdict.kind === 'unknown-generator' || verdict.kind === 'unplaced')) unknownFlags++;
  }
  // The threshold accepts 95 % of known examples by design, so a few known ones are flagged too.
  assert.ok(right >= 25, `${right} of 30 known examples attributed right`);
  assert.ok(unknownFlags >= 5, `${unknownFlags} of 10 unseen examples flagged as unknown`);
});

test('the verdict follows the thresholds: LLR decides real, the open-set score decides unknown', () => {
  const report = trainHead(features(15, [0, 1, 2, 3], 5), { ...options, c: 10 });
  const x = features(1, [2], 6).features.data;
  const verdict = verdictOf([report.head], { embedding: x });
  assert.equal(verdict.kind, 'generator');
  assert.ok(verdict.llr > 0);
  assert.ok(Math.abs(Object.values(verdict.probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-9);
  const under = (llr: number, openSet: number) => verdictOf([report.head], { embedding: x }, 'soft-or', () => ({ llr, openSet })).kind;
  assert.equal(under(verdict.llr + 1, -Infinity), 'real');
  assert.equal(under(0, verdict.openSetScore + 1e-6), 'unknown-generator');
  assert.equal(under(verdict.llr + 1, verdict.openSetScore + 1e-6), 'unplaced', 'not placed, and not synthetic either');
  assert.throws(() => verdictOf([report.head], { block3: x }), /no feature "embedding"/);
});

test('a broken head pack is refused with the field that is wrong', () => {
  const pack = trainHead(features(6, [0, 1, 2, 3], 7), { ...options, c: 1 }).head.pack;
  const broken = (change: (p: Record<string, unknown>) => void) => {
    const copy = JSON.parse(JSON.stringify(pack)) as Record<string, unknown>;
    change(copy);
    return () => parseHeadPack(copy, 'head.json');
  };
  assert.throws(broken((p) => (p.format = 'something-else')), /not an OriginLens head pack/);
  assert.throws(broken((p) => (p.version = 99)), /version 99 is not supported/);
  assert.throws(broken((p) => (p.classes = ['alpha', 'beta', 'gamma', 'delta'])), /classes: expected "real"/);
  assert.throws(broken((p) => ((p.layers as { bias: number[] }[])[0]!.bias = [0, 1])), /weights and bias/);
  assert.throws(broken((p) => ((p.encoder as Record<string, unknown>).sha256 = 'xyz')), /encoder.sha256/);
  assert.throws(broken((p) => ((p.openSet as Record<string, unknown>).method = 'magic')), HeadPackError);
  assert.throws(() => parseHeadPack('[]'), /not a JSON object/);
});
