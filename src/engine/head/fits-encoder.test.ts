import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headMisfit } from './fits-encoder';

const sha = (c: string) => c.repeat(64);
const encoder = { id: 'enc', sha256: sha('a'), features: { image_embeds: { output: 'image_embeds', dim: 4 } } };
const pack = (bound: { id: string; sha256: string }, feature = 'image_embeds') => ({ name: 'h', encoder: bound, feature: { name: feature } }) as never;

test('a head fits the very weights it was trained on, and only a feature the encoder produces', () => {
  assert.equal(headMisfit(pack({ id: 'enc', sha256: sha('a') }), encoder), undefined);
  const sameIdOtherWeights = headMisfit(pack({ id: 'enc', sha256: sha('b') }), encoder);
  assert.equal(sameIdOtherWeights?.kind, 'other-weights');
  assert.match(sameIdOtherWeights!.message, /^head "h" was trained for other weights of enc \(SHA-256 bbbbbbbbbbbb…, the installed one is aaaaaaaaaaaa…\)$/);
  const otherEncoder = headMisfit(pack({ id: 'other', sha256: sha('b') }), encoder);
  assert.equal(otherEncoder?.kind, 'other-weights');
  assert.match(otherEncoder!.message, /trained for encoder other .* but the encoder in use is enc/);
  assert.deepEqual(headMisfit(pack({ id: 'enc', sha256: sha('a') }, 'pooled'), encoder), {
    kind: 'feature',
    message: 'head "h" reads feature "pooled", which encoder enc does not produce',
  });
});
