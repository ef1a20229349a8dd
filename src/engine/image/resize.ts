// A port of Pillow's ImagingResample (src/libImaging/Resample.c) for 8-bit RGB with the BICUBIC filter,
// which is what CLIP's reference preprocessing runs (torchvision's Resize on a PIL image). The features
// a CLIP probe reads are sensitive to resampling, so this follows Pillow step by step to give the same
// bytes: double-precision coefficients with the filter's support scaled by the reduction factor
// (antialiasing), each row of weights normalised to sum 1, then turned into 22-bit fixed point; a
// horizontal pass clipped to uint8, then a vertical pass over that.
//
// The passes run in WebAssembly with 128-bit SIMD (resample.wat, loaded by resample-simd.ts) wherever
// WebAssembly has SIMD and the image fits the module's memory: the same integer arithmetic, about five
// times as fast as the JS passes below in V8. The JS passes are the fallback elsewhere, and the
// reference the SIMD ones are tested against byte for byte.
import type { RgbImage } from '../types';
import type { Coefficients, Window } from './resample-plan';
import { resampleSimd } from './resample-simd';

export type { Window } from './resample-plan';

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

// The JS passes (see the top of this file for when they run). Indices stay inside their arrays by
// construction (the coefficients' bounds lie inside the input), hence the non-null assertions. The sums are int32 in
// Pillow's C, and here too (`| 0`), which also keeps V8 from checking them for overflow into doubles.

/**
 * The horizontal pass's result: rows of RGB whose stride is rounded up to whole 32-bit words (the padding
 * bytes are zero and never reach the output), so that the vertical pass reads four bytes at a time.
 */
interface PaddedRows {
  width: number;
  height: number;
  stride: number;
  data: Uint8Array;
}

function paddedStride(width: number): number {
  return Math.ceil((width * 3) / 4) * 4;
}

/** Output columns [x0, x0 + outW) of rows [rowFirst, rowFirst + rows) of `src`, resampled horizontally. */
function horizontal(src: RgbImage, c: Coefficients, x0: number, outW: number, rowFirst: number, rows: number): PaddedRows {
  const { ksize, bounds, weights } = c;
  const inData = src.data;
  const inStride = src.width * 3;
  const stride = paddedStride(outW);
  const out = new Uint8Array(stride * rows);
  // Per output column, hoisted out of the row loop: where its taps start in a row, and in `weights`.
  const firstByte = new Int32Array(outW);
  const firstWeight = new Int32Array(outW);
  const lastWeight = new Int32Array(outW);
  for (let j = 0; j < outW; j++) {
    firstByte[j] = bounds[(x0 + j) * 2]! * 3;
    firstWeight[j] = (x0 + j) * ksize;
    lastWeight[j] = firstWeight[j]! + bounds[(x0 + j) * 2 + 1]!;
  }
  for (let yy = 0; yy < rows; yy++) {
    const rowStart = (yy + rowFirst) * inStride;
    let o = yy * stride;
    for (let j = 0; j < outW; j++) {
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let i = rowStart + firstByte[j]!;
      for (let k = firstWeight[j]!, kEnd = lastWeight[j]!; k < kEnd; k++, i += 3) {
        const w = weights[k]!;
        s0 = (s0 + inData[i]! * w) | 0;
        s1 = (s1 + inData[i + 1]! * w) | 0;
        s2 = (s2 + inData[i + 2]! * w) | 0;
      }
      out[o] = clip8(s0);
      out[o + 1] = clip8(s1);
      out[o + 2] = clip8(s2);
      o += 3;
    }
  }
  return { width: outW, height: rows, stride, data: out };
}

/** Columns [x0, x0 + width) of `img`, every row, as padded rows: the vertical pass's input when no horizontal pass runs. */
function paddedColumns(img: RgbImage, x0: number, width: number): PaddedRows {
  const stride = paddedStride(width);
  const out = new Uint8Array(stride * img.height);
  for (let y = 0; y < img.height; y++) {
    const from = (y * img.width + x0) * 3;
    out.set(img.data.subarray(from, from + width * 3), y * stride);
  }
  return { width, height: img.height, stride, data: out };
}

/** Padded rows [y0, y0 + height) as a plain RGB image. */
function unpadded(rows: PaddedRows, y0: number, height: number): RgbImage {
  const rowBytes = rows.width * 3;
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) out.set(rows.data.subarray((y0 + y) * rows.stride, (y0 + y) * rows.stride + rowBytes), y * rowBytes);
  return { width: rows.width, height, data: out };
}

/**
 * Output rows [y0, y0 + outH) resampled vertically from `src`, whose row 0 is input row `rowShift`. Each
 * word of a row holds four samples (of whatever channels), which share their taps and weights: one 32-bit
 * read feeds four sums, about three times as fast in V8 as reading the bytes one by one.
 */
function vertical(src: PaddedRows, c: Coefficients, y0: number, outH: number, rowShift: number): RgbImage {
  const { ksize, bounds, weights } = c;
  const words = src.stride >> 2;
  const in32 = new Int32Array(src.data.buffer, src.data.byteOffset, words * src.height);
  const out: PaddedRows = { width: src.width, height: outH, stride: src.stride, data: new Uint8Array(src.stride * outH) };
  const out32 = new Int32Array(out.data.buffer, 0, words * outH);
  for (let yy = y0; yy < y0 + outH; yy++) {
    const first = (bounds[yy * 2]! - rowShift) * words;
    const kFirst = yy * ksize;
    const kEnd = kFirst + bounds[yy * 2 + 1]!;
    const o = (yy - y0) * words;
    for (let q = 0; q < words; q++) {
      let s0 = HALF;
      let s1 = HALF;
      let s2 = HALF;
      let s3 = HALF;
      for (let k = kFirst, i = first + q; k < kEnd; k++, i += words) {
        const w = weights[k]!;
        const v = in32[i]!;
        s0 = (s0 + (v & 0xff) * w) | 0;
        s1 = (s1 + ((v >>> 8) & 0xff) * w) | 0;
        s2 = (s2 + ((v >>> 16) & 0xff) * w) | 0;
        s3 = (s3 + (v >>> 24) * w) | 0;
      }
      // Each sum goes back to the bits it was read from, so the platform's byte order does not matter.
      out32[o + q] = clip8(s0) | (clip8(s1) << 8) | (clip8(s2) << 16) | (clip8(s3) << 24);
    }
  }
  return out.stride === out.width * 3 ? { width: out.width, height: outH, data: out.data } : unpadded(out, 0, outH);
}

/**
 * Which passes resize: 'auto' takes the WebAssembly SIMD ones (resample-simd.ts) where they run and the
 * image fits their memory, else the JS ones; tests ask for one or the other to compare them.
 */
export type ResamplePath = 'auto' | 'simd' | 'js';

/**
 * `img` resized to outW x outH as Pillow's `Image.resize((outW, outH), Image.BICUBIC)` does, byte for
 * byte. With `window`, only that part of the result is computed (and returned): each output sample depends
 * on its own input span only, so cropping after resizing gives the same bytes as resizing the window alone.
 */
export function resizeBicubic(img: RgbImage, outW: number, outH: number, window?: Window, path: ResamplePath = 'auto'): RgbImage {
  const win = window ?? { x: 0, y: 0, width: outW, height: outH };
  if (win.x < 0 || win.y < 0 || win.width <= 0 || win.height <= 0 || win.x + win.width > outW || win.y + win.height > outH) {
    throw new RangeError(`window ${JSON.stringify(win)} is not inside ${outW} x ${outH}`);
  }
  if (outW === img.width && outH === img.height) return cropRgb(img, win);
  const h = outW !== img.width ? coefficients(img.width, outW) : undefined;
  const v = outH !== img.height ? coefficients(img.height, outH) : undefined;
  // Like Pillow, the horizontal pass covers only the input rows the vertical pass will read.
  let first = win.y;
  let last = win.y + win.height;
  if (v) {
    const end = win.y + win.height - 1;
    first = v.bounds[win.y * 2]!;
    last = v.bounds[end * 2]! + v.bounds[end * 2 + 1]!;
  }
  if (path !== 'js') {
    const out = resampleSimd(img, win, h, v, first, last - first);
    if (out) return out;
    if (path === 'simd') throw new Error('the WebAssembly SIMD resampler cannot run here, or not on this image');
  }
  if (!h) return vertical(paddedColumns(img, win.x, win.width), v!, win.y, win.height, 0);
  const rows = horizontal(img, h, win.x, win.width, first, last - first);
  return v ? vertical(rows, v, win.y, win.height, first) : unpadded(rows, 0, win.height);
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
