import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../engine/types';
import type { HeadPack } from '../../engine/head/head-pack';
import { countKinds, decidedUnder, effectiveThresholds, judge, judgeAgain, judgeRecordAgain, personThresholds } from './judging';

const at = (llr: number, openSet: number) => () => ({ llr, openSet });

const pack = { kind: 'attribution', thresholds: { llr: 0 }, openSet: { method: 'msp' as const, threshold: 0.4, acceptRate: 0.95 } } as HeadPack;
const scored = (llr: number, openSetScore: number): Verdict => ({
  kind: 'generator',
  generator: 'gen-b',
  probabilities: { real: 0.2, 'gen-a': 0.3, 'gen-b': 0.5 },
  llr,
  openSetScore,
  encoder: 'e',
  head: 'h',
  ms: 3,
});

test("the person's thresholds replace the head's one at a time", () => {
  assert.deepEqual(effectiveThresholds({ llr: null, openSet: null }, pack), { llr: 0, openSet: 0.4 });
  assert.deepEqual(effectiveThresholds({ llr: 2.5, openSet: null }, pack), { llr: 2.5, openSet: 0.4 });
  assert.deepEqual(effectiveThresholds({ llr: null, openSet: 0 }, pack), { llr: 0, openSet: 0 });
});

test('a stored verdict is judged again from its scores, keeping them', () => {
  const v = scored(1.2, 0.5);
  assert.equal(judgeAgain(v, at(0, 0.4)).kind, 'generator');
  const real = judgeAgain(v, at(2, 0.4));
  assert.equal(real.kind, 'real');
  assert.equal(real.generator, undefined, 'no generator name on a real verdict');
  assert.deepEqual(real.probabilities, v.probabilities);
  assert.equal(judgeAgain(v, at(0, 0.6)).kind, 'unknown-generator');
  const back = judgeAgain(real, at(0, 0.4));
  assert.deepEqual([back.kind, back.generator], ['generator', 'gen-b']);
});

test('errors pass through, records keep their other fields, counts follow the kinds', () => {
  const error: Verdict = { kind: 'error', probabilities: {}, llr: Number.NaN, openSetScore: Number.NaN, reason: 'broken', encoder: 'e', head: 'h', ms: 0 };
  assert.equal(judgeAgain(error, at(-100, -100)), error);
  const record = judgeRecordAgain({ verdict: scored(1, 1), hash: 'abc', cached: true }, at(5, 0));
  assert.deepEqual([record.hash, record.cached, record.verdict.kind], ['abc', true, 'real']);
  const counts = countKinds([scored(1, 1), error, { ...scored(1, 1), kind: 'unknown-generator' }, { ...scored(1, 1), kind: 'real' }]);
  assert.deepEqual(counts, { real: 1, synthetic: 0, generator: 1, 'unknown-generator': 1, unplaced: 0, error: 1 });
});

test('a verdict decided under the thresholds in force is handed out as it is; one decided under others is decided again', () => {
  const evidence = [{ head: 'h', name: 'H', kind: 'attribution' as const, llr: 1.2, defaults: { llr: 0, openSet: 0.4 }, probabilities: { real: 0.2, 'gen-a': 0.3, 'gen-b': 0.5 }, openSetScore: 0.5 }];
  const stored: Verdict = { ...judge(evidence, () => ({ llr: 0, openSet: 0.4 })), encoder: 'e', head: 'h', ms: 3 };
  const person = personThresholds({ llr: null, openSet: null }, () => pack, 'h');
  assert.ok(decidedUnder(stored, person));
  assert.equal(judgeAgain(stored, person), stored, 'the same object: nothing decided again');
  const stricter = personThresholds({ llr: 2, openSet: null }, (id) => (id === 'h' ? pack : undefined), 'h');
  assert.ok(!decidedUnder(stored, stricter));
  const again = judgeAgain(stored, stricter);
  assert.equal(again.kind, 'real');
  assert.ok(decidedUnder(again, stricter), 'and it records the thresholds it was decided with');
  // The person's thresholds are the primary head's; a detector combined with it keeps its own.
  const detector = { head: 'd', name: 'D', kind: 'detector' as const, llr: 0.5, defaults: { llr: 0 } };
  assert.deepEqual(stricter(detector), { llr: 0 });
  // Unless the person gave that head a threshold of its own.
  assert.deepEqual(personThresholds({ llr: 2, openSet: null }, () => undefined, 'h', { d: 1.5 })(detector), { llr: 1.5 });
});
