import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { decodeImage } from './decode';
import { crc32, decodeCommonPng, setPngInflate } from './png-native';
import { fixture } from '../test-support/images';
import { useNodeCodecWasm } from '../../node/codec-wasm';

useNodeCodecWasm();

const PNGS = [
  'rgb-640x480.png', 'rgb-300x900.png', 'rgb-224x224.png', 'rgb-100x60.png', 'rgb-1000x250.png', 'rgb-333x517.png',
  'rgb-225x301.png', 'rgba-320x240.png', 'grey-257x191.png', 'greyalpha-150x200.png', 'bilevel-97x61.png',
  'palette-250x250.png', 'rgb16-96x72.png', 'grey16-80x60.png', 'rgba16-64x48.png', 'interlaced-97x61.png', 'exif8-240x160.png',
];
const COMMON = PNGS.filter((name) => /^(rgb|rgba|exif8)-/.test(name));

test('the common form (8-bit RGB and RGBA) takes the native path; everything else is left to fast-png', async () => {
  for (const name of COMMON) assert.ok(await decodeCommonPng(fixture(name)), `${name} takes the native path`);
  for (const name of PNGS.filter((n) => !COMMON.includes(n))) assert.equal(await decodeCommonPng(fixture(name)), undefined, `${name} is left to fast-png`);
});

/** CRC-32 by its definition, a bit at a time (PNG specification, annex D). */
function crcByBits(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

test('the CRC-32 of any stretch of bytes, eight at a time and the rest one at a time, is the CRC by its definition', () => {
  const bytes = new Uint8Array(4099);
  for (let i = 0, v = 3; i < bytes.length; i++) bytes[i] = v = (v * 197 + 89) & 0xff;
  for (const [from, to] of [[0, 0], [0, 1], [0, 7], [0, 8], [0, 9], [3, 4099], [5, 4000], [0, 4099]] as const) {
    assert.equal(crc32(bytes, from, to), crcByBits(bytes.subarray(from, to)), `bytes ${from} to ${to}`);
  }
});

/** PNG's filter of one byte (the reference definitions of the specification, section 9). */
function filterByte(type: number, x: number, a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  const predictor = [0, a, b, Math.floor((a + b) / 2), pa <= pb && pa <= pc ? a : pb <= pc ? b : c][type]!;
  return (x - predictor) & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** An 8-bit PNG of `pixels` whose row y uses filter y mod 5, so every filter meets every neighbour. */
function pngWithEveryFilter(width: number, height: number, channels: 3 | 4, pixels: Uint8Array): Uint8Array {
  const rowBytes = width * channels;
  const raw = new Uint8Array(height * (rowBytes + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (rowBytes + 1)] = y % 5;
    for (let x = 0; x < rowBytes; x++) {
      const at = (yy: number, xx: number): number => (yy < 0 || xx < 0 ? 0 : pixels[yy * rowBytes + xx]!);
      raw[y * (rowBytes + 1) + 1 + x] = filterByte(y % 5, at(y, x), at(y, x - channels), at(y - 1, x), at(y - 1, x - channels));
    }
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr.set([8, channels === 3 ? 2 : 6, 0, 0, 0], 8);
  const idat = deflateSync(raw);
  // Two IDAT chunks, as large images are usually written.
  const half = idat.length >> 1;
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', idat.subarray(0, half)), chunk('IDAT', idat.subarray(half)), chunk('IEND', new Uint8Array(0))];
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

test('all five row filters, RGB and RGBA, over two IDAT chunks: the same pixels as fast-png', async () => {
  for (const channels of [3, 4] as const) {
    // Busy pixels (a pseudo-random walk), so that every predictor matters.
    const width = 37;
    const height = 23;
    const pixels = new Uint8Array(width * height * channels);
    for (let i = 0, v = 7; i < pixels.length; i++) pixels[i] = v = (v * 73 + 41 + (i % 7) * 19) & 0xff;
    const png = pngWithEveryFilter(width, height, channels, pixels);
    const native = await decodeCommonPng(png);
    assert.ok(native, 'takes the native path');
    if (channels === 3) assert.deepEqual(native.data, pixels, 'RGB comes back as written');
    try {
      setPngInflate(undefined);
      assert.deepEqual(native, await decodeImage(png), `${channels} channels`);
    } finally {
      useNodeCodecWasm();
    }
  }
});

test('the native path gives exactly the pixels fast-png gives, for every PNG fixture', async () => {
  const native = await Promise.all(PNGS.map((name) => decodeImage(fixture(name))));
  try {
    setPngInflate(undefined);
    for (const [i, name] of PNGS.entries()) assert.deepEqual(native[i], await decodeImage(fixture(name)), name);
  } finally {
    useNodeCodecWasm();
  }
});

test('a damaged common PNG is left to fast-png, which names the damage', async () => {
  const png = fixture('rgb-640x480.png');
  png[100] = (png[100] ?? 0) ^ 0xff; // inside the first IDAT: its CRC no longer matches
  assert.equal(await decodeCommonPng(png), undefined);
  await assert.rejects(decodeImage(png), /^ImageError: corrupt PNG/);
});
