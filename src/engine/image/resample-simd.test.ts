import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { compileWat, TS_PATH, WAT_PATH, wasmModuleSource } from '../../../build/make-resample-wasm';
import { centerCropBox, resizedSize } from '../preprocess';
import type { RgbImage } from '../types';
import { resampleSimd, simdAvailable } from './resample-simd';
import { RESAMPLE_WASM } from './resample-wasm';
import { resizeBicubic, type Window } from './resize';
import { difference, fixture, golden, rgbPng } from '../test-support/images';

test('resample-wasm.ts holds exactly what resample.wat compiles to', async () => {
  const bytes = await compileWat(readFileSync(WAT_PATH, 'utf8'));
  assert.deepEqual(RESAMPLE_WASM, bytes, 'run npx tsx build/make-resample-wasm.ts after editing the .wat');
  assert.equal(readFileSync(TS_PATH, 'utf8'), wasmModuleSource(bytes));
});

test('Node runs WebAssembly SIMD, so resizing takes the SIMD passes there', () => {
  assert.equal(simdAvailable(), true);
});

/** Seeded noise, with runs of 0 and 255 so that the bicubic filter's overshoot is clamped both ways. */
function noise(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const r = s >>> 16;
    data[i] = r % 5 === 0 ? 0 : r % 5 === 1 ? 255 : r & 255;
  }
  return { width, height, data };
}

function assertSamePaths(img: RgbImage, outW: number, outH: number, win?: Window): void {
  const label = `${img.width}x${img.height} -> ${outW}x${outH}, window ${JSON.stringify(win)}`;
  assert.deepEqual(resizeBicubic(img, outW, outH, win, 'simd'), resizeBicubic(img, outW, outH, win, 'js'), label);
}

test('the SIMD passes give the JS passes\' bytes: whole images, down and up, either pass alone', () => {
  // 3 x width a multiple of 16 (16, 32), of 4 only (4, 12, 100), of neither (1, 5, 7, 101).
  const sizes = [[1, 1], [1, 9], [9, 1], [4, 4], [5, 7], [16, 3], [32, 33], [12, 50], [101, 67], [100, 100], [7, 200]] as const;
  const scales = [[1, 1.5], [1.5, 1], [0.5, 0.5], [2, 3], [0.3, 2.2], [3.7, 0.26], [1, 0.5], [2, 1]] as const;
  let seed = 1;
  for (const [w, h] of sizes) {
    const img = noise(w, h, seed++);
    for (const [sx, sy] of scales) assertSamePaths(img, Math.max(1, Math.round(w * sx)), Math.max(1, Math.round(h * sy)));
  }
});

test('the SIMD passes give the JS passes\' bytes on windows that start and end mid-row and mid-column', () => {
  const img = noise(137, 91, 7);
  for (const [ow, oh] of [[60, 41], [300, 200], [137, 45], [61, 91]] as const) {
    for (const win of [
      { x: 0, y: 0, width: 1, height: 1 },
      { x: ow - 1, y: oh - 1, width: 1, height: 1 },
      { x: 3, y: 5, width: ow - 7, height: oh - 9 },
      { x: Math.floor(ow / 3), y: 0, width: Math.ceil(ow / 3), height: oh },
      { x: 0, y: Math.floor(oh / 2), width: ow, height: oh - Math.floor(oh / 2) },
      { x: 1, y: 2, width: 16, height: 3 },
    ]) {
      assertSamePaths(img, ow, oh, win);
    }
  }
});

test('the SIMD passes give the JS passes\' bytes on CLIP preprocessing\'s resize and centre crop', () => {
  let seed = 100;
  for (const [w, h] of [[640, 480], [512, 512], [300, 900], [100, 60], [1000, 250], [333, 517], [225, 301], [224, 224], [223, 224], [17, 2000]] as const) {
    const size = resizedSize(w, h, 224);
    assertSamePaths(noise(w, h, seed++), size.width, size.height, centerCropBox(size.width, size.height, 224));
  }
});

test('an image that makes the module\'s memory grow past what it keeps gives the same bytes, and so does the next', () => {
  // 2,500 x 2,500 pixels are 18.75 MB of input: the instance is let go after it and a fresh one takes the next.
  for (const [w, h] of [[2500, 2500], [640, 480]] as const) {
    const size = resizedSize(w, h, 224);
    assertSamePaths(noise(w, h, w), size.width, size.height, centerCropBox(size.width, size.height, 224));
  }
});

test('the SIMD passes decline an image that needs more memory than allowed, and the JS passes take it', () => {
  const img = noise(200, 100, 3);
  const v = { ksize: 1, bounds: new Int32Array([0, 1]), weights: new Int32Array([1 << 22]) };
  const win = { x: 0, y: 0, width: 200, height: 1 };
  assert.equal(resampleSimd(img, win, undefined, v, 0, 1, 1000), undefined);
  assert.deepEqual(resampleSimd(img, win, undefined, v, 0, 1, 100_000), { width: 200, height: 1, data: img.data.subarray(0, 600) });
});

test('the horizontal pass\'s split weights give Pillow\'s sums for awkward weights, and a weight too large for the split is declined', () => {
  // One output pixel from five input pixels (an odd count, so the last tap has a partner of weight 0).
  const weights = [-(1 << 22), 0x7fff, 0x8000, -1, (1 << 23) + 12345];
  const img: RgbImage = { width: 5, height: 1, data: Uint8Array.from([255, 0, 9, 255, 255, 255, 1, 128, 77, 200, 3, 0, 254, 31, 16]) };
  const h = { ksize: 5, bounds: new Int32Array([0, 5]), weights: Int32Array.from(weights) };
  const win = { x: 0, y: 0, width: 1, height: 1 };
  const expected = [0, 1, 2].map((c) => {
    const sum = weights.reduce((s, w, k) => (s + img.data[k * 3 + c]! * w) | 0, 1 << 21) >> 22;
    return Math.min(255, Math.max(0, sum));
  });
  assert.ok(expected.some((v) => v === 0 || v === 255) && expected.some((v) => v > 0 && v < 255), `clamped and not: ${expected.join()}`);
  assert.deepEqual(resampleSimd(img, win, h, undefined, 0, 1), { width: 1, height: 1, data: Uint8Array.from(expected) });
  const tooLarge = { ...h, weights: Int32Array.from([1 << 30, 0, 0, 0, 0]) };
  assert.equal(resampleSimd(img, win, tooLarge, undefined, 0, 1), undefined);
});

// The same 8-bit RGB fixtures as preprocess.test.ts, whose goldens Pillow made, through each path in turn.
for (const name of ['rgb-640x480.png', 'rgb-300x900.png', 'rgb-100x60.png', 'rgb-1000x250.png', 'rgb-333x517.png', 'rgb-225x301.png']) {
  test(`${name}: both paths give Pillow's resize + crop byte for byte`, () => {
    const img = rgbPng(fixture(name));
    const size = resizedSize(img.width, img.height, 224);
    for (const path of ['simd', 'js'] as const) {
      const out = resizeBicubic(img, size.width, size.height, centerCropBox(size.width, size.height, 224), path);
      assert.deepEqual(difference(out, golden(name)), { max: 0, mean: 0 }, path);
    }
  });
}
