import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  accuracy,
  argmax,
  auc,
  balancedAccuracy,
  detectionMetrics,
  f1PerClass,
  macroF1,
  meanOf,
  notApplicable,
} from '.';
import { assertClose, assertNotApplicable, random } from '../test-support/metrics';

/** The definition itself: P(positive scores above negative), ties half, over every pair. */
function pairwiseAuc(scores: number[], labels: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!labels[i]) return;
    scores.forEach((n, j) => {
      if (labels[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc', () => {
  it('matches sklearn roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75', () => {
    assertClose(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  });

  it('counts ties half', () => {
    assertClose(auc([0.5, 0.5], [true, false]), 0.5);
    // Pairs (pos, neg): (0.5, 0.1) 1, (0.5, 0.5) 0.5, (0.9, 0.1) 1, (0.9, 0.5) 1: 3.5 / 4.
    assertClose(auc([0.1, 0.5, 0.5, 0.9], [false, false, true, true]), 0.875);
    assertClose(auc([1, 1, 1, 1], [false, true, false, true]), 0.5);
  });

  it('is 1 for perfect scores and 0 for inverted ones', () => {
    assertClose(auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 1);
    assertClose(auc([0.1, 0.2, 0.8, 0.9], [true, true, false, false]), 0);
  });

  it('orders infinite scores (an LLR whose probability underflowed)', () => {
    assertClose(auc([-Infinity, 3, Infinity], [false, false, true]), 1);
    assertClose(auc([Infinity, Infinity], [false, true]), 0.5);
  });

  it('is not applicable with one class only, and rejects NaN and mismatched lengths', () => {
    assertNotApplicable(auc([0.1, 0.2], [true, true]), /no negative/);
    assertNotApplicable(auc([0.1, 0.2], [false, false]), /no positive/);
    assertNotApplicable(auc([], []), /no positive/);
    assert.throws(() => auc([0.1, Number.NaN], [true, false]), RangeError);
    assert.throws(() => auc([0.1], [true, false]), RangeError);
  });

  it('agrees with the pairwise definition on random scores with many ties', () => {
    const next = random(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + Math.floor(next() * 40);
      const scores = Array.from({ length: n }, () => Math.round(next() * 10) / 10);
      const labels = Array.from({ length: n }, (_, i) => (i < 2 ? i === 0 : next() < 0.4));
      assertClose(auc(scores, labels), pairwiseAuc(scores, labels), `trial ${trial}`);
    }
  });
});

describe('balancedAccuracy', () => {
  it('is the mean of the true-positive and true-negative rates', () => {
    // TPR 2/3 (positives 0, 1, 2), TNR 1/2 (negatives 3, 4).
    assertClose(balancedAccuracy([true, true, false, false, true], [true, true, true, false, false]), 7 / 12);
    assertClose(balancedAccuracy([true, false], [true, false]), 1);
    assertClose(balancedAccuracy([false, true], [true, false]), 0);
  });

  it('is not applicable when a class is missing', () => {
    assertNotApplicable(balancedAccuracy([true, false], [true, true]), /no negative/);
    assertNotApplicable(balancedAccuracy([], []), /no positive/);
    assert.throws(() => balancedAccuracy([true], []), RangeError);
  });
});

describe('meanOf', () => {
  it('averages the applicable figures only', () => {
    assertClose(meanOf([0.5, notApplicable('x'), 1]), 0.75);
    assertNotApplicable(meanOf([notApplicable('x')]), /no value/);
  });
});

describe('detectionMetrics', () => {
  const samples = [
    ...[-2, -1, 0.5].map((llr) => ({ typ: 'real', llr })),
    ...[1, 2, -0.5].map((llr) => ({ typ: 'sd14', llr })),
    ...[3, 4].map((llr) => ({ typ: 'midjourney', llr })),
  ];

  it('scores each generator against all the real images, sorted by name, and averages', () => {
    const m = detectionMetrics(samples);
    assert.equal(m.real, 3);
    assert.deepEqual(
      m.generators.map((g) => [g.generator, g.n]),
      [
        ['midjourney', 2],
        ['sd14', 3],
      ],
    );
    const [midjourney, sd14] = m.generators;
    // midjourney: AUC 1; TPR 1, TNR 2/3 (0.5 is read as synthetic).
    assertClose(midjourney!.auc, 1);
    assertClose(midjourney!.balancedAccuracy, 5 / 6);
    // sd14: 1 and 2 beat all three real LLRs, -0.5 beats two: 8 / 9; TPR 2/3, TNR 2/3.
    assertClose(sd14!.auc, 8 / 9);
    assertClose(sd14!.balancedAccuracy, 2 / 3);
    assertClose(m.meanAuc, (1 + 8 / 9) / 2);
    assertClose(m.meanBalancedAccuracy, (5 / 6 + 2 / 3) / 2);
  });

  it('reads an LLR of exactly 0 as real', () => {
    const m = detectionMetrics([
      { typ: 'real', llr: 0 },
      { typ: 'gan', llr: 0 },
    ]);
    assertClose(m.generators[0]!.balancedAccuracy, 0.5);
    assertClose(m.generators[0]!.auc, 0.5);
  });

  it('says why when there are no real or no generated images', () => {
    const noReal = detectionMetrics(samples.filter((s) => s.typ !== 'real'));
    assert.equal(noReal.generators.length, 2);
    assertNotApplicable(noReal.generators[0]!.auc, /no real images/);
    assertNotApplicable(noReal.generators[0]!.balancedAccuracy, /no real images/);
    assertNotApplicable(noReal.meanAuc, /no value/);
    const onlyReal = detectionMetrics(samples.filter((s) => s.typ === 'real'));
    assert.deepEqual(onlyReal.generators, []);
    assertNotApplicable(onlyReal.meanAuc, /no generated images/);
  });
});

describe('closed-set figures', () => {
  const truth = ['a', 'a', 'b', 'b', 'c'];
  const predicted = ['a', 'b', 'b', 'b', 'a'];

  it('argmax takes the first of equal maxima, as numpy', () => {
    assert.equal(argmax([0.2, 0.4, 0.4]), 1);
    assert.equal(argmax([3]), 0);
    assert.equal(argmax([]), -1);
  });

  it('accuracy and per-class F1 as sklearn computes them', () => {
    assertClose(accuracy(predicted, truth), 0.6);
    // a: TP 1, FP 1, FN 1 → 0.5; b: TP 2, FP 1 → 0.8; c: never predicted → 0.
    assert.deepEqual(f1PerClass(predicted, truth), [
      { name: 'a', n: 2, f1: 0.5 },
      { name: 'b', n: 2, f1: 0.8 },
      { name: 'c', n: 1, f1: 0 },
    ]);
    assertClose(macroF1(predicted, truth), 1.3 / 3);
  });

  it('counts a class that is predicted but absent from the truth, with F1 0', () => {
    assertClose(macroF1(['a', 'z'], ['a', 'a']), (2 / 3 + 0) / 2);
  });

  it('is not applicable without samples', () => {
    assertNotApplicable(accuracy([], []), /no sample/);
    assertNotApplicable(macroF1([], []), /no sample/);
  });
});
