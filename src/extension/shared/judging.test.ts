import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../engine/types';
import { countKinds, effectiveThresholds, rejudgeRecord, rejudgeVerdict } from './judging';

const pack = { thresholds: { llr: 0 }, openSet: { method: 'msp' as const, threshold: 0.4, acceptRate: 0.95 } };
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
  assert.equal(rejudgeVerdict(v, { llr: 0, openSet: 0.4 }).kind, 'generator');
  const real = rejudgeVerdict(v, { llr: 2, openSet: 0.4 });
  assert.equal(real.kind, 'real');
  assert.equal(real.generator, undefined, 'no generator name on a real verdict');
  assert.deepEqual(real.probabilities, v.probabilities);
  assert.equal(rejudgeVerdict(v, { llr: 0, openSet: 0.6 }).kind, 'unknown-generator');
  const back = rejudgeVerdict(real, { llr: 0, openSet: 0.4 });
  assert.deepEqual([back.kind, back.generator], ['generator', 'gen-b']);
});

test('errors pass through, records keep their other fields, counts follow the kinds', () => {
  const error: Verdict = { kind: 'error', probabilities: {}, llr: Number.NaN, openSetScore: Number.NaN, reason: 'broken', encoder: 'e', head: 'h', ms: 0 };
  assert.equal(rejudgeVerdict(error, { llr: -100, openSet: -100 }), error);
  const record = rejudgeRecord({ verdict: scored(1, 1), hash: 'abc', cached: true }, { llr: 5, openSet: 0 });
  assert.deepEqual([record.hash, record.cached, record.verdict.kind], ['abc', true, 'real']);
  const counts = countKinds([scored(1, 1), error, { ...scored(1, 1), kind: 'unknown-generator' }, { ...scored(1, 1), kind: 'real' }]);
  assert.deepEqual(counts, { real: 1, generator: 1, unknown: 1, error: 1 });
});
