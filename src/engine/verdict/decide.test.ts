import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideVerdict, fuse } from './decide';
import type { Evidence } from './evidence';
import { decided, redecide } from './verdict';
import type { Verdict } from '../types';

const attribution = (llr: number, openSetScore: number): Evidence => ({
  head: 'a',
  name: 'Attribution',
  kind: 'attribution',
  llr,
  defaults: { llr: 0, openSet: 1 },
  probabilities: { real: 0.2, alpha: 0.5, beta: 0.3 },
  openSetScore,
});
const detector = (llr: number, threshold = 0): Evidence => ({ head: `d${llr}`, name: `Detector ${llr}`, kind: 'detector', llr, defaults: { llr: threshold } });
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

test('an attribution head alone: LLR decides synthetic, the open-set score whether it can place the image', () => {
  assert.deepEqual(decideVerdict([attribution(1.4, 1.5)]), { kind: 'generator', generator: 'alpha', llr: 1.4 });
  assert.equal(decideVerdict([attribution(-0.5, 1.5)]).kind, 'real');
  assert.equal(decideVerdict([attribution(1.4, 0.5)]).kind, 'unknown-generator');
  // Unlike every class it knows, and no synthetic LLR: not called synthetic on that ground alone.
  assert.equal(decideVerdict([attribution(-0.5, 0.5)]).kind, 'unplaced');
  assert.equal(decideVerdict([attribution(1.4, 1.5)], 'soft-or', () => ({ llr: 2, openSet: 1 })).kind, 'real');
});

test('detectors alone say synthetic or real, each against its own threshold', () => {
  assert.deepEqual(decideVerdict([detector(2)]), { kind: 'synthetic', llr: 2 });
  assert.equal(decideVerdict([detector(2, 3)]).kind, 'real');
  assert.equal(decideVerdict([detector(-1)]).kind, 'real');
});

test('a detector makes the unknown-generator warning synthetic; an attribution head names the generator', () => {
  assert.equal(decideVerdict([attribution(-3, 0.5), detector(6)], 'max').kind, 'unknown-generator');
  assert.deepEqual(decideVerdict([attribution(-3, 1.5), detector(6)], 'max'), { kind: 'generator', generator: 'alpha', llr: 6 });
  assert.equal(decideVerdict([attribution(-3, 0.5), detector(-2)], 'max').kind, 'unplaced');
});

test('fusion: soft OR of the probabilities, the mean and the max of the logits', () => {
  const margins = [1, -2, 0.5];
  const none = margins.reduce((p, m) => p * (1 - sigmoid(m)), 1);
  assert.ok(Math.abs(fuse(margins, 'soft-or') - logit(1 - none)) < 1e-12);
  assert.equal(fuse(margins, 'mean'), -0.5 / 3);
  assert.equal(fuse(margins, 'max'), 1);
  assert.equal(fuse([-1.25], 'soft-or'), -1.25, 'one head is its own margin');
  // Far in the tails the soft OR stays finite and ordered, where 1 − Π(1 − p) would round to 0 or 1.
  assert.ok(Math.abs(fuse([-40, -40], 'soft-or') - (-40 + Math.log(2))) < 1e-9);
  assert.ok(fuse([40, 1], 'soft-or') > 40);
  assert.throws(() => fuse([], 'mean'), /no evidence/);
});

test('a stored verdict is decided again from its evidence alone, and records the thresholds it was decided with', () => {
  const stored: Verdict = { ...decided([attribution(1.4, 1.5), detector(-1)]), encoder: 'e', head: 'a+d', ms: 1 };
  assert.equal(stored.kind, 'generator');
  assert.deepEqual(stored.evidence?.map((e) => e.applied), [{ llr: 0, openSet: 1 }, { llr: 0 }]);
  const stricter = redecide(stored, 'soft-or', (e) => ({ ...e.defaults, llr: 5 }));
  assert.equal(stricter.kind, 'real');
  assert.equal(stricter.generator, undefined);
  assert.deepEqual(stricter.evidence?.map((e) => e.applied?.llr), [5, 5]);
  // Verdicts stored before evidence was kept came from one attribution head: their own scores are its evidence.
  const old: Verdict = { kind: 'generator', generator: 'alpha', probabilities: { real: 0.2, alpha: 0.5, beta: 0.3 }, llr: 1.4, openSetScore: 0.5, encoder: 'e', head: 'a', ms: 1 };
  assert.equal(redecide(old, 'soft-or', () => ({ llr: 0, openSet: 1 })).kind, 'unknown-generator');
  // It keeps its evidence from then on, so its LLR, now a margin over a threshold, is never read as the head's.
  const again = redecide(old, 'soft-or', () => ({ llr: 2, openSet: 0 }));
  assert.deepEqual([again.kind, again.llr, again.evidence?.[0]?.llr], ['real', 1.4 - 2, 1.4]);
  assert.equal(redecide(again, 'soft-or', () => ({ llr: 0, openSet: 0 })).kind, 'generator');
  const error: Verdict = { kind: 'error', probabilities: {}, llr: Number.NaN, openSetScore: Number.NaN, reason: 'broken', encoder: 'e', head: 'a', ms: 1 };
  assert.equal(redecide(error), error);
});
