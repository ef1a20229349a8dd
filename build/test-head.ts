// The head pack test builds install beside the test encoder: deterministic pseudo-random weights over the
// test encoder's 32-dimensional embedding, three classes. Like the test encoder it says nothing about real
// images; it exists so the extension's whole path from URL to verdict can be tested.
import { fingerprint, HEAD_FORMAT, HEAD_VERSION, type HeadPack } from '../src/engine/head/head-pack';
import type { ModelEntry } from '../src/engine/types';

export function makeTestHead(encoder: ModelEntry): HeadPack {
  const feature = 'embedding';
  const dim = encoder.features[feature]?.dim;
  if (dim === undefined) throw new Error(`${encoder.id} has no "${feature}" feature`);
  const classes = ['real', 'test-gen-a', 'test-gen-b'];
  let state = 20240917;
  const next = () => {
    // A linear congruential generator: the same head on every build.
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const weights = classes.map(() => Array.from({ length: dim }, () => Math.fround(next() * 8)));
  const bias = classes.map(() => 0);
  return {
    format: HEAD_FORMAT,
    version: HEAD_VERSION,
    id: `test-head-${fingerprint(Float32Array.from(weights.flat()))}`,
    name: 'Test head (random weights, not for verdicts)',
    encoder: { id: encoder.id, sha256: encoder.sha256 },
    feature: { name: feature, normalize: 'l2' },
    kind: 'attribution',
    classes,
    layers: [{ weights, bias }],
    openSet: { method: 'msp', threshold: 0.4, acceptRate: 0.95 },
    thresholds: { llr: 0 },
    provenance: { trainedOn: 'nothing: random weights for tests', examples: {}, c: 1, createdAt: '2024-09-17T00:00:00.000Z', software: 'originlens build' },
  };
}
