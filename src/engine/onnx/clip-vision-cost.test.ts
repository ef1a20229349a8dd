import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildClipVision } from './clip-vision-graph';
import { clipArchitectureOf, clipVisionFlops, clipVisionParameters } from './clip-vision-cost';
import { randomClipWeights } from './random-clip-weights';
import { float32Weights } from './weight-formats';
import { TEST_CONFIGS } from './test-encoder';

test('the count agrees with OpenCLIP\'s profiler for ViT-L/14 at 224', () => {
  // OpenCLIP's training/profiler.py (fvcore) reports 162.03 image GFLOPs for ViT-L-14 at 224.
  assert.equal((clipVisionFlops(TEST_CONFIGS.l14) / 1e9).toFixed(2), '162.03');
});

test('a one-block slice (with the patch convolution) is about a 23rd of ViT-L/14, and 336 pixels cost more than twice 224', () => {
  const l14 = clipVisionFlops(TEST_CONFIGS.l14);
  const ratio = l14 / clipVisionFlops({ ...TEST_CONFIGS.l14, layers: 1 });
  assert.ok(ratio > 22.9 && ratio < 23.1, `ratio ${ratio}`);
  const r336 = clipVisionFlops(TEST_CONFIGS['l14-336']) / l14;
  assert.ok(r336 > 2.25 && r336 < 2.5, `336/224: ${r336}`);
});

test('an encoder id names its shape; an unknown one names none', () => {
  assert.equal(clipArchitectureOf('clip-vit-l14'), TEST_CONFIGS.l14);
  assert.equal(clipArchitectureOf('clip-vit-l14-336-openai-float32'), TEST_CONFIGS['l14-336']);
  assert.equal(clipArchitectureOf('clip-vit-l14-commonpool-xl'), TEST_CONFIGS.l14);
  assert.equal(clipArchitectureOf('clip-vit-b32-quantized'), TEST_CONFIGS.b32);
  assert.equal(clipArchitectureOf('clip-vit-b16'), TEST_CONFIGS.b16);
  assert.equal(clipArchitectureOf('my-own-encoder'), undefined);
});

test('the weights counted from the shape are those the graph holds', () => {
  // Weights are made only when a graph is written: declaring ViT-L/14's costs nothing.
  for (const name of ['tiny', 'tiny-l14', 'b16', 'l14', 'l14-336'] as const) {
    const a = TEST_CONFIGS[name];
    // The graph's count also holds its few shape and scalar constants (about twenty, and one per block).
    const extra = buildClipVision(a, randomClipWeights(a, 1), float32Weights).parameterCount - clipVisionParameters(a);
    assert.ok(extra >= 0 && extra <= 20 + a.layers, `${name}: ${extra} more in the graph`);
  }
});
