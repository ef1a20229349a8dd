// Fixtures and comparisons shared by the image tests (a file of its own: importing a *.test.ts would run
// its tests twice). Node only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decode as decodePng } from 'fast-png';
import type { RgbImage } from '../types';

const fixtures = new URL('../../../test/fixtures/', import.meta.url);

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`images/${name}`, fixtures)));
}

/** A PNG as it is stored, 8-bit RGB only (the goldens, and the plain RGB fixtures). */
export function rgbPng(bytes: Uint8Array): RgbImage {
  const png = decodePng(bytes);
  assert.equal(png.channels, 3, 'expected an RGB PNG');
  assert.equal(png.depth, 8, 'expected an 8-bit PNG');
  return { width: png.width, height: png.height, data: Uint8Array.from(png.data) };
}

/** The golden 224 x 224 crop that PIL made for fixture `name`. */
export function golden(name: string): RgbImage {
  const base = name.replace(/\.[a-z]+$/, '');
  return rgbPng(new Uint8Array(readFileSync(new URL(`golden/${base}.png`, fixtures))));
}

export interface Difference {
  max: number;
  mean: number;
}

export function difference(actual: RgbImage, expected: RgbImage): Difference {
  assert.equal(actual.width, expected.width, 'width');
  assert.equal(actual.height, expected.height, 'height');
  assert.equal(actual.data.length, expected.data.length, 'data length');
  let max = 0;
  let sum = 0;
  for (let i = 0; i < actual.data.length; i++) {
    const d = Math.abs((actual.data[i] ?? 0) - (expected.data[i] ?? 0));
    if (d > max) max = d;
    sum += d;
  }
  return { max, mean: sum / actual.data.length };
}

export function pixel(img: RgbImage, x: number, y: number): [number, number, number] {
  const i = (y * img.width + x) * 3;
  return [img.data[i] ?? -1, img.data[i + 1] ?? -1, img.data[i + 2] ?? -1];
}
