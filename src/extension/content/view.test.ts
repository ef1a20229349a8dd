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

const declared = (kind: 'ai-declared' | 'credentials' | 'invalid' | 'none', base: Parameters<typeof record>[0] = {}) => {
  const r = record(base);
  return { ...r, record: { ...r.record!, provenance: { kind, detail: `${kind} sentence` } } };
};

test('provenance beside the verdict: the badge adds a mark, the view carries the sentence, the verdict stays', () => {
  const made = viewOf(declared('ai-declared', { kind: 'generator', generator: 'sdxl', probabilities: { real: 0.1, sdxl: 0.9 } }), true);
  assert.deepEqual([made.look, made.short, made.provenance?.detail], ['generator', 'AI: sdxl 90% · declared AI', 'ai-declared sentence']);
  // Disagreeing evidence: the model says real, the file says generated; both are there.
  const real = viewOf(declared('ai-declared'), true);
  assert.deepEqual([real.look, real.title, real.provenance?.label], ['real', 'Real photo', 'Declared AI-generated']);
  assert.equal(viewOf(declared('none'), true).provenance, undefined, 'nothing declared adds nothing');
  assert.equal(viewOf(declared('invalid'), true).short, 'Real · CR invalid');
  assert.equal(viewOf(declared('ai-declared'), true, 'hide').provenance, undefined);
});

test('provenance alone: with "only", and without a model when the file declares something', () => {
  const failed = (kind: Parameters<typeof declared>[0]) => declared(kind, { kind: 'error', reason: 'No attribution model is installed yet.', probabilities: {} });
  assert.deepEqual([viewOf(failed('ai-declared'), false).look, viewOf(failed('ai-declared'), false).short], ['declared-ai', 'Declared AI']);
  assert.equal(viewOf(failed('credentials'), false).look, 'credentials');
  assert.equal(viewOf(failed('none'), false).look, 'no-model', 'no declaration: the "no model" badge as before');
  assert.equal(viewOf(failed('ai-declared'), false, 'hide').look, 'no-model');
  assert.equal(viewOf(declared('ai-declared'), true, 'only').look, 'declared-ai');
  assert.deepEqual([viewOf(failed('none'), true, 'only').look, viewOf(failed('none'), true, 'only').short], ['nothing-declared', 'Nothing declared']);
});
