import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenPixel, rgbaOnWhite } from './alpha';

/** The definition, one byte at a time: what the word-at-a-time path must reproduce. */
function reference(rgba: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = flattenPixel(rgba[p * 4 + c]!, rgba[p * 4 + 3]!);
  return out;
}

function randomRgba(n: number, seed: number, opaqueShare: number): Uint8Array {
  const rgba = new Uint8Array(n * 4);
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = next();
    rgba[p * 4 + 3] = next() < 256 * opaqueShare ? 255 : next();
  }
  return rgba;
}

test('RGBA to RGB on white: opaque runs, transparent pixels, odd pixel counts and both array types give the definition', () => {
  for (const [width, height] of [[1, 1], [3, 1], [7, 5], [64, 33], [5, 4]] as const) {
    for (const opaqueShare of [1, 0.9, 0.5, 0]) {
      const n = width * height;
      const rgba = randomRgba(n, width * 1000 + height + opaqueShare * 10, opaqueShare);
      const expected = reference(rgba, n);
      const label = `${width} x ${height}, ${opaqueShare * 100}% opaque`;
      assert.deepEqual(rgbaOnWhite(rgba, width, height).data, expected, label);
      assert.deepEqual(rgbaOnWhite(new Uint8ClampedArray(rgba.buffer), width, height).data, expected, `${label}, clamped`);
      // At an offset that is not a multiple of 4, as a view into a larger buffer can be.
      const shifted = new Uint8Array(rgba.length + 1);
      shifted.set(rgba, 1);
      assert.deepEqual(rgbaOnWhite(shifted.subarray(1), width, height).data, expected, `${label}, unaligned`);
    }
  }
});

test('RGBA to RGB on white refuses fewer bytes than the pixels need', () => {
  assert.throws(() => rgbaOnWhite(new Uint8Array(15), 2, 2), RangeError);
});
