// Transparency is flattened onto white, what a person usually sees behind a transparent image on a page.
// out = round(a*c/255 + (255 - a)), computed in integers: (a*c + 255*(255 - a)) / 255 is never exactly
// half-way (255 is odd), so there is no tie for two implementations to round differently; the Python
// reference that makes the golden tensors uses the very same integer formula.
import type { RgbImage } from '../types';

export function flattenPixel(c: number, a: number): number {
  return ((2 * (a * c + 255 * (255 - a)) + 255) / 510) | 0;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Pixels [from, to) of `src` (RGBA) to `out` (RGB), byte by byte, flattening any transparency. */
function pixelsOnWhite(src: Uint8Array, out: Uint8Array, from: number, to: number): void {
  for (let p = from, i = from * 4, o = from * 3; p < to; p++, i += 4, o += 3) {
    const a = src[i + 3]!;
    if (a === 255) {
      out[o] = src[i]!;
      out[o + 1] = src[i + 1]!;
      out[o + 2] = src[i + 2]!;
    } else {
      out[o] = flattenPixel(src[i]!, a);
      out[o + 1] = flattenPixel(src[i + 1]!, a);
      out[o + 2] = flattenPixel(src[i + 2]!, a);
    }
  }
}

/**
 * 8-bit RGBA (4 bytes a pixel, not premultiplied) to RGB on white. This runs on every pixel of most
 * images, so opaque pixels move four at a time as 32-bit words (four RGBA words make three RGB words): in
 * V8 that is about three times as fast as byte by byte. Other pixels, and big-endian machines or unaligned
 * input, take the byte path.
 */
export function rgbaOnWhite(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbImage {
  const n = width * height;
  if (rgba.length < n * 4) throw new RangeError(`${rgba.length} bytes of RGBA for ${width} x ${height} pixels`);
  // One array type for both inputs keeps the loops monomorphic.
  const src = new Uint8Array(rgba.buffer, rgba.byteOffset, n * 4);
  const out = new Uint8Array(n * 3);
  if (!LITTLE_ENDIAN || rgba.byteOffset % 4 !== 0) {
    pixelsOnWhite(src, out, 0, n);
    return { width, height, data: out };
  }
  const in32 = new Uint32Array(rgba.buffer, rgba.byteOffset, n);
  const out32 = new Uint32Array(out.buffer, 0, (n * 3) >> 2);
  let p = 0;
  for (let o = 0; p + 4 <= n; p += 4, o += 3) {
    const w0 = in32[p]!;
    const w1 = in32[p + 1]!;
    const w2 = in32[p + 2]!;
    const w3 = in32[p + 3]!;
    if ((w0 & w1 & w2 & w3) >>> 24 === 255) {
      out32[o] = (w0 & 0xffffff) | (w1 << 24);
      out32[o + 1] = ((w1 >>> 8) & 0xffff) | (w2 << 16);
      out32[o + 2] = ((w2 >>> 16) & 0xff) | (w3 << 8);
    } else {
      pixelsOnWhite(src, out, p, p + 4);
    }
  }
  pixelsOnWhite(src, out, p, n);
  return { width, height, data: out };
}
