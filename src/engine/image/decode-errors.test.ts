import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImageError } from '../types';
import { decodeImage } from './decode';
import { fixture } from '../test-support/images';
import { setJpegWasmLoader } from './jpeg-wasm';
import { setWebpWasmLoader } from './webp-wasm';
import { useNodeCodecWasm } from '../../node/codec-wasm';
import { ascii, jpegHeader, pngHeader } from '../../../test/support/hostile-images';

useNodeCodecWasm();


/** Expects an ImageError matching `reason` within `withinMs` (a hang or a huge allocation would not be). */
async function rejects(bytes: Uint8Array, reason: RegExp, limits?: { maxPixels?: number; maxBytes?: number }, withinMs = 1000): Promise<void> {
  const started = performance.now();
  await assert.rejects(decodeImage(bytes, limits), (err: unknown) => {
    assert.ok(err instanceof ImageError, `expected an ImageError, got ${String(err)}`);
    assert.match(err.message, reason);
    return true;
  });
  const ms = performance.now() - started;
  assert.ok(ms < withinMs, `took ${ms.toFixed(0)} ms`);
}

test('empty input', () => rejects(new Uint8Array(0), /^empty file$/));

test('HTML, SVG, XML, JSON and plain text are named', async () => {
  const text = new TextEncoder();
  await rejects(text.encode('<!DOCTYPE html><html><body>404</body></html>'), /^not an image \(looks like HTML\)$/);
  await rejects(text.encode('\ufeff  <html lang="en">'), /^not an image \(looks like HTML\)$/);
  await rejects(text.encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), /^unsupported format: SVG/);
  await rejects(text.encode('<svg width="10" height="10"></svg>'), /^unsupported format: SVG/);
  await rejects(text.encode('{"error": "not found"}'), /^not an image \(looks like JSON\)$/);
  await rejects(text.encode('Access denied'), /^not an image \(looks like text\)$/);
});

test('other image formats are refused by name', async () => {
  const box = (brand: string): Uint8Array => Uint8Array.from([0, 0, 0, 0x1c, ...ascii('ftyp'), ...ascii(brand), 0, 0, 0, 0, ...ascii('mif1')]);
  await rejects(box('avif'), /^unsupported format: AVIF$/);
  await rejects(box('heic'), /^unsupported format: HEIC\/HEIF$/);
  await rejects(Uint8Array.from([...ascii('BM'), 0, 0, 0, 0, 0, 0, 0, 0]), /^unsupported format: BMP$/);
  await rejects(Uint8Array.from([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), /^unsupported format: TIFF$/);
  await rejects(Uint8Array.from([0xff, 0x0a, 0, 0]), /^unsupported format: JPEG XL$/);
  await rejects(new TextEncoder().encode('%PDF-1.7\n'), /^not an image \(looks like a PDF document\)$/);
});

test('garbage is not an image', () => rejects(Uint8Array.from([0x13, 0x37, 0x00, 0x99, 0xfe, 0x01, 0x02, 0x80]), /^not an image \(unrecognised format\)$/));

test('a 30000 x 30000 PNG header is refused before anything is allocated', async () => {
  await rejects(pngHeader(30000, 30000), /^image too large: 30000 x 30000 pixels \(limit 100 megapixels\)$/, undefined, 100);
  // With a header that size, a decoder would have to allocate 2.7 GB before it could even fail.
  const started = performance.now();
  for (let i = 0; i < 100; i++) await decodeImage(pngHeader(30000, 30000)).catch(() => undefined);
  assert.ok(performance.now() - started < 200, 'a hundred refusals take well under a second');
});

test('huge JPEG, GIF and WebP headers are refused too', async () => {
  await rejects(jpegHeader(60000, 60000), /^image too large: 60000 x 60000 pixels/);
  await rejects(Uint8Array.from([...ascii('GIF89a'), 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x3b]), /^image too large: 65535 x 65535 pixels/);
  const vp8x = [...ascii('VP8X'), 10, 0, 0, 0, 0x10, 0, 0, 0, 0xff, 0x3f, 0, 0xff, 0x3f, 0];
  await rejects(Uint8Array.from([...ascii('RIFF'), 22, 0, 0, 0, ...ascii('WEBP'), ...vp8x]), /^image too large: 16384 x 16384 pixels/);
});

test('the caps can be set by the caller', async () => {
  await rejects(fixture('rgb-640x480.png'), /^image too large: 640 x 480 pixels \(limit 0.1 megapixels\)$/, { maxPixels: 100_000 });
  await rejects(fixture('rgb-640x480.png'), /^file too large: /, { maxBytes: 1000 });
  const ok = await decodeImage(fixture('rgb-640x480.png'), { maxPixels: 640 * 480 });
  assert.equal(ok.width, 640);
});

function cut(bytes: Uint8Array, fraction: number): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}

test('truncated files are errors, wherever they stop', async () => {
  for (const fraction of [0.01, 0.3, 0.6, 0.99]) {
    await rejects(cut(fixture('baseline420-480x360.jpg'), fraction), /truncated JPEG/);
    await rejects(cut(fixture('progressive-360x480.jpg'), fraction), /truncated JPEG/);
    await rejects(cut(fixture('rgb-640x480.png'), fraction), /truncated PNG/);
    await rejects(cut(fixture('anim-200x150.gif'), fraction / 2), /truncated GIF/);
    await rejects(cut(fixture('lossy-320x240.webp'), fraction), /truncated WebP/);
  }
  const png = fixture('rgb-640x480.png');
  await rejects(png.slice(0, png.length - 12), /^truncated PNG$/); // only IEND missing
});

test('corrupt data is an error, not odd pixels', async () => {
  const png = fixture('rgb-640x480.png');
  png[100] = (png[100] ?? 0) ^ 0xff; // inside the first IDAT
  await rejects(png, /^corrupt PNG/);
  await rejects(fixture('arithmetic-200x150.jpg'), /^unsupported JPEG: arithmetic coding$/);
  // VP8 has no checksums, so damage inside a lossy bitstream decodes (as in libwebp everywhere); a broken
  // frame header does not.
  const webp = fixture('lossy-320x240.webp');
  webp.fill(0, 23, 26); // the VP8 start code
  await rejects(webp, /^corrupt .*WebP/);
  const lossless = fixture('lossless-alpha-256x192.webp');
  lossless.fill(0xff, 40, 200); // inside the VP8L bitstream, whose Huffman codes do not survive it
  await rejects(lossless, /^corrupt or truncated WebP$/);
});

test("libjpeg's fatal errors are ImageErrors with its reason, and the decoder goes on working", async () => {
  const jpeg = fixture('baseline420-480x360.jpg');
  // The first component selector of the scan header (FF DA, length, count, selector) names no component.
  const sos = jpeg.findIndex((b, i) => b === 0xff && jpeg[i + 1] === 0xda);
  jpeg[sos + 5] = 99;
  await rejects(jpeg, /^corrupt JPEG \(Invalid component ID 99 in SOS\)$/);
  const img = await decodeImage(fixture('baseline420-480x360.jpg'));
  assert.deepEqual([img.width, img.height], [480, 360]);
});

const WASM_DECODERS = [
  { format: 'JPEG', setLoader: setJpegWasmLoader, file: 'rgb-200x150.jpg', size: [200, 150] },
  { format: 'WebP', setLoader: setWebpWasmLoader, file: 'lossy-320x240.webp', size: [320, 240] },
];

for (const { format, setLoader, file, size } of WASM_DECODERS) {
  test(`the ${format} decoder takes its .wasm from the injected loader`, async () => {
    try {
      setLoader(() => Promise.reject(new Error('no wasm here')));
      // Not the image's fault, so not an ImageError: the caller's set-up is wrong.
      await assert.rejects(decodeImage(fixture(file)), (err: unknown) => !(err instanceof ImageError) && /no wasm here/.test(String(err)));
    } finally {
      useNodeCodecWasm();
    }
    const img = await decodeImage(fixture(file));
    assert.deepEqual([img.width, img.height], size);
  });
}
