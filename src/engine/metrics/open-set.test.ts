import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributionMetrics, ccrAtFpr, isApplicable, oscr, oscrCurve, type OscrPoint } from '.';
import { assertClose, assertNotApplicable, random } from '../test-support/metrics';

/** OSCR as a pairwise statistic: P(a known sample is correct and outscores an unknown one), ties half. */
function pairwiseOscr(knownScores: number[], knownCorrect: boolean[], unknownScores: number[]): number {
  let wins = 0;
  knownScores.forEach((k, i) => {
    if (!knownCorrect[i]) return;
    for (const u of unknownScores) wins += k > u ? 1 : k === u ? 0.5 : 0;
  });
  return wins / (knownScores.length * unknownScores.length);
}

function point(p: OscrPoint | { notApplicable: string }): OscrPoint {
  assert.ok('ccr' in p, `expected an operating point, got ${JSON.stringify(p)}`);
  return p;
}

describe('OSCR', () => {
  // Decreasing scores: 0.9 known ✓, 0.8 known ✗, 0.7 unknown, 0.6 known ✓, 0.4 unknown, 0.3 known ✓.
  const knownScores = [0.9, 0.8, 0.6, 0.3];
  const knownCorrect = [true, false, true, true];
  const unknownScores = [0.7, 0.4];

  it('follows CCR and FPR threshold by threshold', () => {
    const curve = oscrCurve(knownScores, knownCorrect, unknownScores);
    assert.ok(Array.isArray(curve));
    assert.deepEqual(
      curve.map((p) => [p.threshold, p.fpr, p.ccr]),
      [
        [Infinity, 0, 0],
        [0.9, 0, 0.25],
        [0.8, 0, 0.25],
        [0.7, 0.5, 0.25],
        [0.6, 0.5, 0.5],
        [0.4, 1, 0.5],
        [0.3, 1, 0.75],
      ],
    );
  });

  it('is the area under that curve', () => {
    // Width 0.5 at CCR 0.25, then width 0.5 at CCR 0.5.
    assertClose(oscr(knownScores, knownCorrect, unknownScores), 0.375);
  });

  it('equals closed-set accuracy when the score separates known from unknown perfectly', () => {
    assertClose(oscr([0.9, 0.8, 0.7], [true, false, true], [0.1, 0.2]), 2 / 3);
    assertClose(oscr([0.9, 0.8], [true, true], [0.1, 0.2]), 1);
  });

  it('is 0 when every unknown outscores every known sample', () => {
    assertClose(oscr([0.1, 0.2], [true, true], [0.8, 0.9]), 0);
  });

  it('counts a known/unknown tie half', () => {
    assertClose(oscr([0.5], [true], [0.5]), 0.5);
    assertClose(oscr([0.5, 0.5], [true, false], [0.5]), 0.25);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    const next = random(11);
    for (let trial = 0; trial < 50; trial++) {
      const nk = 1 + Math.floor(next() * 30);
      const nu = 1 + Math.floor(next() * 30);
      const ks = Array.from({ length: nk }, () => Math.round(next() * 10) / 10);
      const kc = Array.from({ length: nk }, () => next() < 0.7);
      const us = Array.from({ length: nu }, () => Math.round(next() * 10) / 10);
      assertClose(oscr(ks, kc, us), pairwiseOscr(ks, kc, us), `trial ${trial}`);
    }
  });

  it('is not applicable without known or without unknown samples', () => {
    assertNotApplicable(oscr([0.9], [true], []), /no images of unknown generators/);
    assertNotApplicable(oscr([], [], [0.3]), /no images of known classes/);
    assert.ok(!isApplicable(oscr([], [], [])));
    assert.throws(() => oscr([0.9], [true, false], [0.1]), RangeError);
    assert.throws(() => oscr([0.9], [true], [Number.NaN]), RangeError);
  });
});

describe('CCR at a false-positive budget', () => {
  it('takes the lowest threshold that stays within the budget', () => {
    const p = point(ccrAtFpr([0.9, 0.8, 0.6, 0.3], [true, false, true, true], [0.7, 0.4], 0.05));
    assert.deepEqual(p, { threshold: 0.8, fpr: 0, ccr: 0.25 });
  });

  it('allows an FPR of exactly 1/20 at 5 %, but not 1/19', () => {
    const known = [0.99, 0.9];
    const correct = [true, true];
    const twenty = [0.95, ...Array<number>(19).fill(0.1)];
    assert.deepEqual(point(ccrAtFpr(known, correct, twenty, 0.05)), { threshold: 0.9, fpr: 0.05, ccr: 1 });
    const nineteen = [0.95, ...Array<number>(18).fill(0.1)];
    assert.deepEqual(point(ccrAtFpr(known, correct, nineteen, 0.05)), { threshold: 0.99, fpr: 0, ccr: 0.5 });
  });

  it('accepts nothing when the top score belongs to an unknown sample and the budget is small', () => {
    assert.deepEqual(point(ccrAtFpr([0.5], [true], [0.9, 0.1], 0.05)), { threshold: Infinity, fpr: 0, ccr: 0 });
  });

  it('is not applicable without unknown samples', () => {
    const p = ccrAtFpr([0.9], [true], [], 0.05);
    assert.ok('notApplicable' in p && /no images of unknown generators/.test(p.notApplicable), JSON.stringify(p));
  });
});

describe('attributionMetrics', () => {
  const classes = ['real', 'a', 'b'];
  const samples = [
    { typ: 'real', probabilities: [0.8, 0.1, 0.1], openSetScore: 0.8 },
    { typ: 'a', probabilities: [0.1, 0.7, 0.2], openSetScore: 0.7 },
    { typ: 'a', probabilities: [0.2, 0.3, 0.5], openSetScore: 0.5 }, // predicted b
    { typ: 'b', probabilities: [0.1, 0.1, 0.8], openSetScore: 0.8 },
    { typ: 'y', probabilities: [0.1, 0.2, 0.7], openSetScore: 0.7 },
    { typ: 'x', probabilities: [0.3, 0.4, 0.3], openSetScore: 0.4 },
  ];

  it('computes every figure of the open-set paper', () => {
    const m = attributionMetrics(samples, classes);
    assert.equal(m.known, 4);
    assert.equal(m.unknown, 2);
    assert.deepEqual(m.unknownOrigins, [
      { name: 'x', n: 1 },
      { name: 'y', n: 1 },
    ]);
    assertClose(m.closedSetAccuracy, 0.75);
    // real 1, a: TP 1 FN 1 → 2/3, b: TP 1 FP 1 → 2/3.
    assert.deepEqual(
      m.perClass.map((c) => [c.name, c.n]),
      [
        ['real', 1],
        ['a', 2],
        ['b', 1],
      ],
    );
    assertClose(m.perClass[1]!.f1, 2 / 3);
    assertClose(m.macroF1, 7 / 9);
    // Known 0.8, 0.7, 0.5, 0.8 against unknown 0.7, 0.4: 2 + 1.5 + 1 + 2 of 8 pairs.
    assertClose(m.auroc, 6.5 / 8);
    // Correct known 0.8, 0.7, 0.8 against unknown: 2 + 1.5 + 2 of 8 pairs.
    assertClose(m.oscr, 5.5 / 8);
    assert.deepEqual(m.ccrAt5PctFpr, { threshold: 0.8, fpr: 0, ccr: 0.5 });
  });

  it('reports the open-set figures as not applicable without unknown images', () => {
    const m = attributionMetrics(
      samples.filter((s) => classes.includes(s.typ)),
      classes,
    );
    assertClose(m.closedSetAccuracy, 0.75);
    assertNotApplicable(m.auroc, /no images of unknown generators/);
    assertNotApplicable(m.oscr, /no images of unknown generators/);
    assert.ok(!('ccr' in m.ccrAt5PctFpr));
  });

  it('reports every figure as not applicable without known images', () => {
    const m = attributionMetrics(
      samples.filter((s) => !classes.includes(s.typ)),
      classes,
    );
    for (const f of [m.closedSetAccuracy, m.macroF1, m.auroc, m.oscr]) assertNotApplicable(f, /no images of known classes/);
    assertNotApplicable(m.perClass[0]!.f1, /neither present nor predicted/);
  });

  it('rejects probabilities that do not match the classes', () => {
    assert.throws(() => attributionMetrics([{ typ: 'a', probabilities: [1], openSetScore: 1 }], classes), RangeError);
  });
});
