// Turns a decoded image upright as PIL's ImageOps.exif_transpose does for EXIF orientations 2 to 8:
// 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90
// (PIL's rotations are counter-clockwise, so 6 is a quarter turn clockwise).
import type { RgbImage } from '../types';

/**
 * For output pixel (x, y) the source pixel is `start + x * dx + y * dy` (in pixels of the stored image),
 * so one loop serves all eight orientations.
 */
function walk(orientation: number, w: number, h: number): { start: number; dx: number; dy: number } {
  switch (orientation) {
    case 2: return { start: w - 1, dx: -1, dy: w }; // out(x, y) = in(w-1-x, y)
    case 3: return { start: w * h - 1, dx: -1, dy: -w }; // in(w-1-x, h-1-y)
    case 4: return { start: (h - 1) * w, dx: 1, dy: -w }; // in(x, h-1-y)
    case 5: return { start: 0, dx: w, dy: 1 }; // in(y, x)
    case 6: return { start: (h - 1) * w, dx: -w, dy: 1 }; // in(y, h-1-x)
    case 7: return { start: w * h - 1, dx: -w, dy: -1 }; // in(w-1-y, h-1-x)
    case 8: return { start: w - 1, dx: w, dy: -1 }; // in(w-1-y, x)
    default: return { start: 0, dx: 1, dy: w };
  }
}

export function applyOrientation(img: RgbImage, orientation: number): RgbImage {
  if (orientation < 2 || orientation > 8) return img;
  const { width: w, height: h, data: src } = img;
  const swap = orientation >= 5;
  const outW = swap ? h : w;
  const outH = swap ? w : h;
  const { start, dx, dy } = walk(orientation, w, h);
  const out = new Uint8Array(outW * outH * 3);
  let o = 0;
  for (let y = 0; y < outH; y++) {
    let s = start + y * dy;
    for (let x = 0; x < outW; x++, s += dx) {
      const i = s * 3;
      out[o++] = src[i] ?? 0;
      out[o++] = src[i + 1] ?? 0;
      out[o++] = src[i + 2] ?? 0;
    }
  }
  return { width: outW, height: outH, data: out };
}
