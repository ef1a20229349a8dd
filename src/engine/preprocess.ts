// CLIP's reference transform, as torchvision runs it on a PIL image:
//   Resize(size, BICUBIC) -> CenterCrop(size) -> ToTensor() -> Normalize(mean, std)
// with torchvision's own arithmetic for the sizes (truncation) and the crop offsets (Python's round, which
// rounds half to even), and Pillow's resampler (image/resize.ts). The result is a CHW float32 tensor.
import { cropRgb, resizeBicubic, type Window } from './image/resize';
import type { InputSpec, ResizeMode, RgbImage } from './types';

/**
 * The size torchvision's Resize(size) gives a width x height image: the shorter side becomes `size`, the
 * longer `int(size * long / short)` (truncated, in floating point as Python computes it).
 */
export function resizedSize(width: number, height: number, size: number): { width: number; height: number } {
  const [short, long] = width <= height ? [width, height] : [height, width];
  const newLong = Math.trunc((size * long) / short);
  return width <= height ? { width: size, height: newLong } : { width: newLong, height: size };
}

/** Python's round(): to the nearest integer, ties to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision's center_crop offsets: int(round((h - size) / 2.0)) and the same for the width. */
export function centerCropBox(width: number, height: number, size: number): Window {
  return {
    x: roundHalfEven((width - size) / 2),
    y: roundHalfEven((height - size) / 2),
    width: size,
    height: size,
  };
}

/** Resize(size, BICUBIC) then CenterCrop(size): a size x size RGB image. Only the crop is computed. */
export function resizeAndCrop(img: RgbImage, size: number): RgbImage {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`crop size must be a positive integer, not ${size}`);
  const resized = resizedSize(img.width, img.height, size);
  return resizeBicubic(img, resized.width, resized.height, centerCropBox(resized.width, resized.height, size));
}

/**
 * torchvision's CenterCrop(size) on a PIL image: where the image is smaller than the crop it is first
 * padded with black, (size - w) // 2 on the left and the rest on the right (likewise top and bottom).
 */
export function centerCropPadded(img: RgbImage, size: number): RgbImage {
  if (img.width >= size && img.height >= size) return cropRgb(img, centerCropBox(img.width, img.height, size));
  const width = Math.max(img.width, size);
  const height = Math.max(img.height, size);
  const left = Math.floor((width - img.width) / 2);
  const top = Math.floor((height - img.height) / 2);
  const padded = new Uint8Array(width * height * 3);
  for (let y = 0; y < img.height; y++) {
    padded.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((top + y) * width + left) * 3);
  }
  return cropRgb({ width, height, data: padded }, centerCropBox(width, height, size));
}

/** The `size` × `size` pixels an image gives in each resize mode. */
export function prepareImage(img: RgbImage, size: number, mode: ResizeMode = 'resize-crop'): RgbImage {
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`image size must be a positive integer, not ${size}`);
  switch (mode) {
    case 'resize-crop':
      return resizeAndCrop(img, size);
    case 'crop':
      return centerCropPadded(img, size);
    case 'squash':
      return resizeBicubic(img, size, size);
  }
}

/**
 * ToTensor then Normalize for each byte value, in float32 step by step as torch computes it:
 * (float32(v / 255) - mean) / std.
 */
function normalisationTables(spec: InputSpec): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const mean = Math.fround(spec.mean[c] ?? 0);
    const std = Math.fround(spec.std[c] ?? 1);
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = Math.fround(Math.fround(Math.fround(v / 255) - mean) / std);
    return table;
  });
}

/**
 * Writes the normalised CHW tensor of `img` (any size) into `out` from `offset` on: 3 * size * size floats.
 * For batching, `offset` is the image's index times that.
 */
export function preprocessInto(img: RgbImage, spec: InputSpec, out: Float32Array, offset: number): void {
  const { size } = spec;
  const plane = size * size;
  if (offset < 0 || offset + 3 * plane > out.length) {
    throw new RangeError(`no room for a ${size} x ${size} image at offset ${offset} of ${out.length} floats`);
  }
  const crop = prepareImage(img, size, spec.resize);
  const [r, g, b] = normalisationTables(spec) as [Float32Array, Float32Array, Float32Array];
  const px = crop.data;
  // The crop holds exactly `plane` pixels and the tables 256 entries: every index is in range.
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[offset + i] = r[px[p]!]!;
    out[offset + plane + i] = g[px[p + 1]!]!;
    out[offset + 2 * plane + i] = b[px[p + 2]!]!;
  }
}

/** The encoder's preprocessing of one image (CLIP's reference transform by default): a Float32Array of 3 * size * size values, CHW. */
export function preprocess(img: RgbImage, spec: InputSpec): Float32Array {
  const out = new Float32Array(3 * spec.size * spec.size);
  preprocessInto(img, spec, out, 0);
  return out;
}
