import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InputSpec } from '../types';
import { featureKey, inputGroups, inputOfHead } from './heads-input';

const encoder: InputSpec = { name: 'pixel_values', size: 224, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] };
const crop = { preprocess: { mode: 'crop' as const, size: 224 } };
const own = { preprocess: { mode: 'resize-crop' as const, size: 224 } };

test("a head reads the preparation it declares, else the encoder's own", () => {
  assert.equal(inputOfHead(encoder, {}), encoder);
  assert.equal(inputOfHead(encoder, own), encoder, "declaring the encoder's own way is the encoder's input");
  assert.deepEqual(inputOfHead(encoder, crop), { ...encoder, resize: 'crop' });
});

test('heads that read images prepared alike share one run; a head that declares nothing is never given another head\'s preparation', () => {
  // A trained attribution head (nothing declared) combined with UnivFD (a centre crop): two runs.
  const groups = inputGroups(encoder, [{}, crop]);
  assert.deepEqual(
    groups.map((g) => [g.input.resize ?? 'resize-crop', g.heads]),
    [
      ['resize-crop', [0]],
      ['crop', [1]],
    ],
  );
  assert.equal(groups[0]!.input, encoder);
  assert.deepEqual(groups.map((g) => featureKey('enc', encoder, g.input)), ['enc', 'enc#crop']);
  // Heads that agree, in any order: one run each way.
  assert.deepEqual(inputGroups(encoder, [crop, {}, own, crop]).map((g) => g.heads), [[0, 3], [1, 2]]);
  assert.deepEqual(inputGroups(encoder, [{}, own]).map((g) => g.heads), [[0, 1]]);
});
