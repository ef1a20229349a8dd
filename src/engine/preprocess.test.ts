import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cropRgb, resizeBicubic } from './image/resize';
import { difference, fixture, golden, rgbPng } from './test-support/images';
import { centerCropBox, preprocess, preprocessInto, resizeAndCrop, resizedSize } from './preprocess';
import type { InputSpec, RgbImage } from './types';

const CLIP: InputSpec = {
  name: 'pixel_values',
  size: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

test('resized size: shorter side to 224, longer side int(224 * long / short), truncated', () => {
  assert.deepEqual(resizedSize(640, 480, 224), { width: 298, height: 224 }); // 298.67
  assert.deepEqual(resizedSize(300, 900, 224), { width: 224, height: 672 });
  assert.deepEqual(resizedSize(100, 60, 224), { width: 373, height: 224 }); // 373.33, upscaling
  assert.deepEqual(resizedSize(1000, 250, 224), { width: 896, height: 224 });
  assert.deepEqual(resizedSize(333, 517, 224), { width: 224, height: 347 }); // 347.77
  assert.deepEqual(resizedSize(224, 224, 224), { width: 224, height: 224 });
  assert.deepEqual(resizedSize(4000, 3000, 224), { width: 298, height: 224 });
});

test('centre crop offsets use Python round(), half to even, as torchvision does', () => {
  assert.deepEqual(centerCropBox(225, 224, 224), { x: 0, y: 0, width: 224, height: 224 }); // round(0.5) = 0
  assert.equal(centerCropBox(227, 224, 224).x, 2); // round(1.5) = 2
  assert.equal(centerCropBox(229, 224, 224).x, 2); // round(2.5) = 2
  assert.equal(centerCropBox(224, 231, 224).y, 4); // round(3.5) = 4
  assert.equal(centerCropBox(298, 224, 224).x, 37);
});

// 8-bit RGB PNGs read straight from the file, so this checks the resampler alone.
const PLAIN = ['rgb-640x480.png', 'rgb-300x900.png', 'rgb-224x224.png', 'rgb-100x60.png', 'rgb-1000x250.png', 'rgb-333x517.png', 'rgb-225x301.png'];

for (const name of PLAIN) {
  test(`${name}: resize + crop is byte-identical to Pillow's`, () => {
    const out = resizeAndCrop(rgbPng(fixture(name)), 224);
    assert.deepEqual(difference(out, golden(name)), { max: 0, mean: 0 });
  });
}

function ramp(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + (i >> 5)) & 255;
  return { width, height, data };
}

test('computing only the crop window gives the bytes of resizing everything and cropping', () => {
  for (const [w, h, ow, oh] of [[640, 480, 298, 224], [120, 300, 224, 560], [50, 40, 280, 224], [300, 200, 300, 150], [300, 200, 150, 200]] as const) {
    const img = ramp(w, h);
    const full = resizeBicubic(img, ow, oh);
    // Rows of 100 pixels fill whole 32-bit words; 101, 3 and 1 leave the padding of a last word.
    for (const width of [100, 101, 3, 1]) {
      const box = { x: Math.floor((ow - width) / 2), y: Math.floor((oh - 100) / 3), width, height: 100 };
      assert.deepEqual(resizeBicubic(img, ow, oh, box), cropRgb(full, box), `${w}x${h} -> ${ow}x${oh}, ${width} wide`);
    }
  }
});

test('a uniform image stays uniform at any scale (weights sum to one)', () => {
  const img: RgbImage = { width: 97, height: 61, data: new Uint8Array(97 * 61 * 3).fill(200) };
  for (const [w, h] of [[13, 7], [300, 200], [97, 30]] as const) {
    assert.ok(resizeBicubic(img, w, h).data.every((v) => v === 200), `${w} x ${h}`);
  }
});

test('preprocess: CHW float32, (v / 255 - mean) / std per channel', () => {
  const data = new Uint8Array(224 * 224 * 3);
  for (let p = 0; p < 224 * 224; p++) data.set([p % 256, 255 - (p % 256), 7], p * 3);
  const img = { width: 224, height: 224, data };
  const t = preprocess(img, CLIP);
  assert.equal(t.length, 3 * 224 * 224);
  const plane = 224 * 224;
  for (const p of [0, 1, 255, 1000, plane - 1]) {
    const v = [p % 256, 255 - (p % 256), 7];
    for (let c = 0; c < 3; c++) {
      const expected = (v[c]! / 255 - CLIP.mean[c]!) / CLIP.std[c]!;
      assert.ok(Math.abs(t[c * plane + p]! - expected) < 1e-6, `pixel ${p} channel ${c}: ${t[c * plane + p]} vs ${expected}`);
    }
  }
  assert.ok(Math.abs(t[0]! - (0 - 0.48145466) / 0.26862954) < 1e-6);
});

test('preprocess resizes and crops first, and batches write at an offset', () => {
  const img = rgbPng(fixture('rgb-640x480.png'));
  const single = preprocess(img, CLIP);
  const expected = preprocess(golden('rgb-640x480.png'), CLIP);
  assert.deepEqual(single, expected);
  const batch = new Float32Array(2 * 3 * 224 * 224).fill(NaN);
  preprocessInto(img, CLIP, batch, 3 * 224 * 224);
  assert.ok(batch.subarray(0, 3 * 224 * 224).every((v) => Number.isNaN(v)), 'first slot untouched');
  assert.deepEqual(batch.subarray(3 * 224 * 224), single);
  assert.throws(() => preprocessInto(img, CLIP, batch, 3 * 224 * 224 + 1), RangeError);
});

test('other input sizes work the same way', () => {
  const out = resizeAndCrop(rgbPng(fixture('rgb-300x900.png')), 96);
  assert.deepEqual([out.width, out.height, out.data.length], [96, 96, 96 * 96 * 3]);
  assert.equal(preprocess(rgbPng(fixture('rgb-300x900.png')), { ...CLIP, size: 96 }).length, 3 * 96 * 96);
});
