import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Verdict } from '../../engine/types';
import { errorRecord } from '../shared/verdicts';
import { viewOf } from './view';

const record = (verdict: Partial<Verdict>) => ({
  state: 'done' as const,
  record: { verdict: { kind: 'real', probabilities: { real: 0.7, sdxl: 0.2, mj: 0.1 }, llr: -1, openSetScore: 1, encoder: 'e', head: 'h', ms: 5, ...verdict } as Verdict, cached: false },
});

test('each kind of verdict has its own look and words', () => {
  assert.deepEqual([viewOf(record({}), true).look, viewOf(record({}), true).title], ['real', 'Real photo']);
  const made = viewOf(record({ kind: 'generator', generator: 'sdxl', probabilities: { real: 0.1, sdxl: 0.87, mj: 0.03 } }), true);
  assert.deepEqual([made.look, made.short, made.title], ['generator', 'AI: sdxl 87%', 'Made by sdxl (87%)']);
  const unknown = viewOf(record({ kind: 'unknown-generator' }), true);
  assert.deepEqual([unknown.look, unknown.title], ['unknown', 'Synthetic, unknown generator']);
  assert.match(unknown.detail ?? '', /none of the generators/);
  assert.equal(viewOf({ state: 'queued' }, true).look, 'pending');
});

test('bars list every class, most probable first', () => {
  assert.deepEqual(viewOf(record({}), true).bars.map((b) => b.name), ['real', 'sdxl', 'mj']);
});

test('an error says why; without a model it leads to the options page instead', () => {
  const failed = { state: 'done' as const, record: errorRecord('the server answered 404 Not Found instead of the image') };
  assert.deepEqual([viewOf(failed, true).look, viewOf(failed, true).detail], ['error', 'the server answered 404 Not Found instead of the image']);
  assert.equal(viewOf(failed, true).bars.length, 0);
  assert.equal(viewOf(failed, false).look, 'no-model');
});
