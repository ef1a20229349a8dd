// A port of Pillow's ImagingResample (src/libImaging/Resample.c) for 8-bit RGB with the BICUBIC filter,
// which is what CLIP's reference preprocessing runs (torchvision's Resize on a PIL image). The features
// a CLIP probe reads are sensitive to resampling, so this follows Pillow step by step to give the same
// bytes: double-precision coefficients with the filter's support scaled by the reduction factor
// (antialiasing), each row of weights normalised to sum 1, then turned into 22-bit fixed point; a
// horizontal pass clipped to uint8, then a vertical pass over that.
import type { RgbImage } from '../types';

/** Pillow's PRECISION_BITS: 8 bits for the result, 2 for overflow, in a 32-bit int. */
const PRECISION_BITS = 32 - 8 - 2;
const HALF = 1 << (PRECISION_BITS - 1);
const BICUBIC_SUPPORT = 2;

/** Pillow's bicubic_filter (Keys' cubic convolution with a = -0.5), evaluated in the same order. */
function bicubic(x: number): number {
  const a = -0.5;
  if (x < 0) x = -x;
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

interface Coefficients {
  /** Taps per output sample (the row stride of `weights`). */
  ksize: number;
  /** Per output sample: first input index and number of taps. */
  bounds: Int32Array;
  /** Fixed-point weights, `ksize` per output sample. */
  weights: Int32Array;
}

/** Pillow's precompute_coeffs followed by normalize_coeffs_8bpc, for the box [0, inSize). */
function coefficients(inSize: number, outSize: number): Coefficients {
  const scale = inSize / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = BICUBIC_SUPPORT * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(outSize * 2);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  const ss = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    // C's (int) cast truncates towards zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let ww = 0;
    for (let x = 0; x < xmax; x++) {
      const w = bicubic((x + xmin - center + 0.5) * ss);
      k[x] = w;
      ww += w;
    }
    for (let x = 0; x < xmax; x++) {
      const w = ww !== 0 ? (k[x] ?? 0) / ww : (k[x] ?? 0);
      const scaled = w * (1 << PRECISION_BITS);
      weights[xx * ksize + x] = Math.trunc(w < 0 ? scaled - 0.5 : scaled + 0.5);
    }
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, weights };
}

/** Pillow's clip8: the fixed-point sum's integer part, clamped to a byte. */
function clip8(sum: number): number {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** A window of the resized image, in output pixels: only that part is computed. */
export interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Output columns [x0, x0 + outW) of rows [rowFirst, rowFirst + rows) of `src`, resampled horizontally. */
function horizontal(src: RgbImage, c: Coefficients, x0: number, outW: number, rowFirst: number, rows: number): RgbImage {
  const { ksize, bounds, weights } = c;
  const inData = src.data;
  const inStride = src.width * 3;
  const out = new Uint8Array(outW * rows * 3);
  let o = 0;
  for (let yy = 0; yy < rows; yy++) {
    const rowStart = (yy + rowFirst) * inStride;
    for (let xx = x0; xx < x0 + outW; xx++) {
      const xmin = bounds[xx * 2] ?? 0;
      const taps = bounds[xx * 2 + 1] ?? 0;
      const kOff = xx * ksize;
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let i = rowStart + xmin * 3;
      for (let x = 0; x < taps; x++, i += 3) {
        const w = weights[kOff + x] ?? 0;
        s0 += (inData[i] ?? 0) * w;
        s1 += (inData[i + 1] ?? 0) * w;
        s2 += (inData[i + 2] ?? 0) * w;
      }
      out[o++] = clip8(s0);
      out[o++] = clip8(s1);
      out[o++] = clip8(s2);
    }
  }
  return { width: outW, height: rows, data: out };
}

/** Output rows [y0, y0 + outH) resampled vertically from `src`, whose row 0 is input row `rowShift`. */
function vertical(src: RgbImage, c: Coefficients, y0: number, outH: number, rowShift: number): RgbImage {
  const { ksize, bounds, weights } = c;
  const inData = src.data;
  const stride = src.width * 3;
  const out = new Uint8Array(stride * outH);
  for (let yy = y0; yy < y0 + outH; yy++) {
    const ymin = (bounds[yy * 2] ?? 0) - rowShift;
    const taps = bounds[yy * 2 + 1] ?? 0;
    const kOff = yy * ksize;
    const o = (yy - y0) * stride;
    for (let xi = 0; xi < stride; xi++) {
      let s = HALF;
      let i = ymin * stride + xi;
      for (let y = 0; y < taps; y++, i += stride) s += (inData[i] ?? 0) * (weights[kOff + y] ?? 0);
      out[o + xi] = clip8(s);
    }
  }
  return { width: src.width, height: outH, data: out };
}

/**
 * `img` resized to outW x outH as Pillow's `Image.resize((outW, outH), Image.BICUBIC)` does, byte for
 * byte. With `window`, only that part of the result is computed (and returned): each output sample depends
 * on its own input span only, so cropping after resizing gives the same bytes as resizing the window alone.
 */
export function resizeBicubic(img: RgbImage, outW: number, outH: number, window?: Window): RgbImage {
  const win = window ?? { x: 0, y: 0, width: outW, height: outH };
  if (win.x < 0 || win.y < 0 || win.width <= 0 || win.height <= 0 || win.x + win.width > outW || win.y + win.height > outH) {
    throw new RangeError(`window ${JSON.stringify(win)} is not inside ${outW} x ${outH}`);
  }
  const needHorizontal = outW !== img.width;
  const needVertical = outH !== img.height;
  let src: RgbImage;
  let rowShift = 0;
  if (needHorizontal) {
    // Like Pillow, the horizontal pass covers only the input rows the vertical pass will read.
    let first: number;
    let last: number;
    if (needVertical) {
      const v = coefficients(img.height, outH).bounds;
      const end = win.y + win.height - 1;
      first = v[win.y * 2] ?? 0;
      last = (v[end * 2] ?? 0) + (v[end * 2 + 1] ?? 0);
    } else {
      first = win.y;
      last = win.y + win.height;
    }
    src = horizontal(img, coefficients(img.width, outW), win.x, win.width, first, last - first);
    rowShift = first;
  } else {
    src = cropRgb(img, { x: win.x, y: 0, width: win.width, height: img.height });
  }
  if (needVertical) return vertical(src, coefficients(img.height, outH), win.y, win.height, rowShift);
  return needHorizontal ? src : cropRgb(src, { x: 0, y: win.y, width: src.width, height: win.height });
}

/** The pixels of `img` inside `box` (which must lie inside the image). */
export function cropRgb(img: RgbImage, box: Window): RgbImage {
  if (box.x === 0 && box.y === 0 && box.width === img.width && box.height === img.height) {
    return { width: img.width, height: img.height, data: img.data.slice() };
  }
  const out = new Uint8Array(box.width * box.height * 3);
  for (let y = 0; y < box.height; y++) {
    const from = ((box.y + y) * img.width + box.x) * 3;
    out.set(img.data.subarray(from, from + box.width * 3), y * box.width * 3);
  }
  return { width: box.width, height: box.height, data: out };
}
