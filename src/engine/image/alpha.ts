// Transparency is flattened onto white, what a person usually sees behind a transparent image on a page.
// out = round(a*c/255 + (255 - a)), computed in integers: (a*c + 255*(255 - a)) / 255 is never exactly
// half-way (255 is odd), so there is no tie for two implementations to round differently; the Python
// reference that makes the golden tensors uses the very same integer formula.
import type { RgbImage } from '../types';

export function flattenPixel(c: number, a: number): number {
  return ((2 * (a * c + 255 * (255 - a)) + 255) / 510) | 0;
}

/** 8-bit RGBA (4 bytes a pixel, not premultiplied) to RGB on white. */
export function rgbaOnWhite(rgba: ArrayLike<number>, width: number, height: number): RgbImage {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let p = 0, i = 0, o = 0; p < n; p++, i += 4, o += 3) {
    const a = rgba[i + 3] ?? 255;
    if (a === 255) {
      out[o] = rgba[i] ?? 0;
      out[o + 1] = rgba[i + 1] ?? 0;
      out[o + 2] = rgba[i + 2] ?? 0;
    } else {
      out[o] = flattenPixel(rgba[i] ?? 0, a);
      out[o + 1] = flattenPixel(rgba[i + 1] ?? 0, a);
      out[o + 2] = flattenPixel(rgba[i + 2] ?? 0, a);
    }
  }
  return { width, height, data: out };
}
