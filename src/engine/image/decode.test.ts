import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode as decodePng } from 'fast-png';
import { resizeAndCrop } from '../preprocess';
import { decodeImage } from './decode';
import { difference, fixture, golden, pixel } from '../test-support/images';
import { useNodeCodecWasm } from '../../node/codec-wasm';

useNodeCodecWasm();

/** Formats whose decoders are bit-exact with PIL's: held to 1/255 after resizing (measured: 0). */
const LOSSLESS = [
  'rgb-640x480.png', 'rgb-300x900.png', 'rgb-224x224.png', 'rgb-100x60.png', 'rgb-1000x250.png',
  'rgb-333x517.png', 'rgb-225x301.png', 'rgba-320x240.png', 'grey-257x191.png', 'greyalpha-150x200.png',
  'bilevel-97x61.png', 'palette-250x250.png', 'rgb16-96x72.png', 'grey16-80x60.png', 'rgba16-64x48.png',
  'interlaced-97x61.png', 'exif8-240x160.png', 'anim-200x150.gif',
  // libwebp decodes lossy WebP identically here and in PIL, so lossy WebP is held to the same bound.
  'lossless-alpha-256x192.webp', 'lossy-320x240.webp', 'lossy-alpha-200x160.webp', 'anim-160x120.webp',
  'exif6-240x160.webp',
];

for (const name of LOSSLESS) {
  test(`${name}: decode + resize + crop matches PIL within 1/255`, async () => {
    const d = difference(resizeAndCrop(await decodeImage(fixture(name)), 224), golden(name));
    assert.ok(d.max <= 1, `max difference ${d.max}`);
  });
}

/**
 * libjpeg-turbo's decoder (WebAssembly) is PIL's own: same integer IDCT, fancy upsampling and colour
 * conversion, so the crop is byte for byte PIL's.
 */
const JPEG_EXACT = [
  'baseline420-480x360.jpg', 'baseline422-301x203.jpg', 'baseline444-240x180.jpg', 'progressive-360x480.jpg',
  'grey-333x250.jpg', 'orient6-240x160.jpg', 'sample411-200x150.jpg', 'rgb-200x150.jpg', 'adobe-ycc-200x150.jpg',
];

for (const name of JPEG_EXACT) {
  test(`${name}: decode + resize + crop is exactly PIL's`, async () => {
    const d = difference(resizeAndCrop(await decodeImage(fixture(name)), 224), golden(name));
    assert.equal(d.max, 0, `max difference ${d.max}, mean ${d.mean}`);
  });
}

/**
 * 4:4:0 (chroma halved vertically only): the WebAssembly build's libjpeg-turbo predates the h1v2 "fancy"
 * upsampling that PIL's has, so chroma rows are replicated instead of interpolated. Measured: max 3,
 * mean 0.07 after resizing.
 */
test('sample440-200x150.jpg: decode + resize + crop is within 5/255 (mean 0.15) of PIL', async () => {
  const d = difference(resizeAndCrop(await decodeImage(fixture('sample440-200x150.jpg')), 224), golden('sample440-200x150.jpg'));
  assert.ok(d.max <= 5, `max difference ${d.max}`);
  assert.ok(d.mean <= 0.15, `mean difference ${d.mean}`);
});

test('restart markers change nothing: same coefficients decode to the same pixels', async () => {
  const plain = await decodeImage(fixture('adobe-ycc-200x150.jpg'));
  const restart = await decodeImage(fixture('restart-200x150.jpg'));
  assert.deepEqual(restart, plain);
});

// `corners` in the fixture script: red top-left, green top-right, blue bottom-left, yellow bottom-right.
const CORNERS: [number, number, [number, number, number]][] = [
  [10, 10, [230, 20, 20]],
  [229, 10, [20, 200, 20]],
  [10, 149, [20, 20, 230]],
  [229, 149, [240, 230, 20]],
];

function assertUpright(img: Awaited<ReturnType<typeof decodeImage>>, what: string, tolerance: number): void {
  assert.deepEqual([img.width, img.height], [240, 160], `${what}: size`);
  for (const [x, y, expected] of CORNERS) {
    const got = pixel(img, x, y);
    for (let c = 0; c < 3; c++) {
      assert.ok(Math.abs(got[c]! - expected[c]!) <= tolerance, `${what}: pixel (${x}, ${y}) is ${got.join(',')}, expected about ${expected.join(',')}`);
    }
  }
}

for (let o = 1; o <= 8; o++) {
  test(`JPEG with EXIF orientation ${o} comes out upright`, async () => {
    assertUpright(await decodeImage(fixture(`orient${o}-240x160.jpg`)), `orientation ${o}`, 12);
  });
}

test('EXIF orientation is honoured in WebP (6) and PNG eXIf (8) too', async () => {
  assertUpright(await decodeImage(fixture('exif6-240x160.webp')), 'WebP', 0);
  assertUpright(await decodeImage(fixture('exif8-240x160.png')), 'PNG', 0);
});

test('alpha is flattened onto white by round(a*c/255 + 255 - a)', async () => {
  const raw = decodePng(fixture('rgba-320x240.png'));
  assert.equal(raw.channels, 4);
  const img = await decodeImage(fixture('rgba-320x240.png'));
  let partial = 0;
  for (let p = 0; p < img.width * img.height; p++) {
    const a = raw.data[p * 4 + 3]!;
    if (a > 0 && a < 255) partial++;
    for (let c = 0; c < 3; c++) {
      const expected = Math.round((a * raw.data[p * 4 + c]!) / 255 + 255 - a);
      assert.equal(img.data[p * 3 + c], expected, `pixel ${p} channel ${c}`);
    }
  }
  assert.ok(partial > 10000, 'the fixture has partly transparent pixels');
  assert.deepEqual(pixel(img, 100, 5), [255, 255, 255], 'a fully transparent row is white');
});

test('palette transparency (tRNS) and GIF transparency are flattened onto white', async () => {
  const palette = await decodeImage(fixture('palette-250x250.png'));
  assert.deepEqual(pixel(palette, 125, 120), [255, 255, 255]);
  const gif = await decodeImage(fixture('anim-200x150.gif'));
  assert.deepEqual([gif.width, gif.height], [200, 150]);
  assert.deepEqual(pixel(gif, 100, 75), [255, 255, 255], 'transparent band of the first frame');
});

test('16-bit samples become round(v / 257), on both sides of a rounding boundary', async () => {
  const raw = decodePng(fixture('rgb16-96x72.png'));
  assert.equal(raw.depth, 16);
  const img = await decodeImage(fixture('rgb16-96x72.png'));
  for (let i = 0; i < img.data.length; i++) assert.equal(img.data[i], Math.round(raw.data[i]! / 257), `sample ${i}`);
  // 33024 / 257 = 128.498, 33025 / 257 = 128.502, 65407 / 257 = 254.502
  assert.deepEqual(pixel(img, 20, 25), [128, 129, 255]);
  const grey = await decodeImage(fixture('grey16-80x60.png'));
  const greyRaw = decodePng(fixture('grey16-80x60.png'));
  for (let p = 0; p < grey.width * grey.height; p++) {
    const v = Math.round(greyRaw.data[p]! / 257);
    assert.deepEqual(pixel(grey, p % grey.width, Math.floor(p / grey.width)), [v, v, v]);
  }
});

test('greyscale PNG and JPEG decode to equal R, G and B', async () => {
  for (const name of ['grey-257x191.png', 'grey-333x250.jpg', 'bilevel-97x61.png', 'greyalpha-150x200.png']) {
    const img = await decodeImage(fixture(name));
    for (let i = 0; i < img.data.length; i += 3) {
      assert.ok(img.data[i] === img.data[i + 1] && img.data[i] === img.data[i + 2], `${name}: pixel ${i / 3} is not grey`);
    }
  }
  const raw = decodePng(fixture('grey-257x191.png'));
  const img = await decodeImage(fixture('grey-257x191.png'));
  for (let p = 0; p < 257 * 191; p++) assert.equal(img.data[p * 3], raw.data[p]);
});

// CMYK goes through jpeg-js (the WebAssembly build cannot convert it), whose IDCT is not libjpeg's.
test('CMYK JPEG (Adobe, inverted) decodes to the colours PIL shows', async () => {
  const img = await decodeImage(fixture('cmyk-240x180.jpg'));
  // The fixture's disc is RGB (250, 90, 60) before the round trip through PIL's CMYK and JPEG.
  const disc = pixel(img, Math.round(240 * 0.62), Math.round(180 * 0.45));
  assert.ok(Math.abs(disc[0] - 250) <= 6 && Math.abs(disc[1] - 90) <= 6 && Math.abs(disc[2] - 60) <= 6, `disc is ${disc.join(',')}`);
  const d = difference(resizeAndCrop(img, 224), golden('cmyk-240x180.jpg'));
  assert.ok(d.max <= 3, `max difference ${d.max}`);
});

test('animated WebP and GIF give their first frame', async () => {
  const webp = await decodeImage(fixture('anim-160x120.webp'));
  assert.deepEqual([webp.width, webp.height], [160, 120]);
  const d = difference(resizeAndCrop(webp, 224), golden('anim-160x120.webp'));
  assert.equal(d.max, 0);
});
