import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseModelEntry } from './models/registry';
import { prepareImage, preprocess } from './preprocess';
import { difference, fixture, rgbPng } from './test-support/images';
import type { ResizeMode } from './types';

// Goldens made by Pillow with torchvision's arithmetic (build/make-resize-mode-goldens.py).
const GOLDENS = new URL('../../test/fixtures/golden-modes/', import.meta.url);
const FIXTURES = ['rgb-640x480.png', 'rgb-300x900.png', 'rgb-100x60.png', 'rgb-225x301.png', 'rgb-333x517.png'];
const CASES: [ResizeMode, number][] = [['crop', 224], ['crop', 336], ['squash', 224], ['squash', 336], ['resize-crop', 336]];

for (const name of FIXTURES) {
  for (const [mode, size] of CASES) {
    test(`${name}: ${mode} at ${size} matches Pillow and torchvision`, () => {
      const golden = rgbPng(new Uint8Array(readFileSync(new URL(`${name.replace(/\.png$/, '')}.${mode}-${size}.png`, GOLDENS))));
      const out = prepareImage(rgbPng(fixture(name)), size, mode);
      const d = difference(out, golden);
      assert.ok(d.max <= 1, `at most 1/255 off, got ${d.max}`);
      assert.deepEqual(d, { max: 0, mean: 0 });
    });
  }
}

test('the crop mode pads a small image with black, which normalises to -mean/std', () => {
  const spec = { name: 'pixel_values', size: 224, mean: [0.5, 0.25, 0.125] as [number, number, number], std: [0.5, 0.5, 0.5] as [number, number, number], resize: 'crop' as const };
  const pixels = preprocess(rgbPng(fixture('rgb-100x60.png')), spec);
  assert.equal(pixels[0], Math.fround(Math.fround(0 - Math.fround(0.5)) / Math.fround(0.5)));
  assert.equal(pixels.length, 3 * 224 * 224);
});

test('an entry declares its resize mode; anything else is refused by name', () => {
  const entry = (resize: unknown): unknown => ({
    id: 'x', name: 'x', file: 'x.onnx', bytes: 1, sha256: 'a'.repeat(64), licence: 'MIT', test: true,
    input: { name: 'pixel_values', size: 336, mean: [0, 0, 0], std: [1, 1, 1], resize },
    features: { pooled: { output: 'pooled', dim: 8 } },
  });
  assert.equal(parseModelEntry(entry('squash')).input.resize, 'squash');
  assert.equal(parseModelEntry(entry(undefined)).input.resize, undefined);
  assert.throws(() => parseModelEntry(entry('stretch'), 'm.json'), /resize.*expected one of resize-crop, crop, squash, got "stretch"/);
});
