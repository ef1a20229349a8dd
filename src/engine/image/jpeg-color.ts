// The last steps of libjpeg-turbo's decoder, which PIL uses, redone on the sample planes jpeg-js decodes:
// "fancy" (triangle-filter) chroma upsampling, jdsample.c, and the fixed-point YCbCr -> RGB tables of
// jdcolor.c. jpeg-js itself replicates chroma samples and converts colour in floating point with
// truncation, which puts 4:2:0 edges tens of levels away from libjpeg's output and every pixel half a level
// darker on average; redone this way only the two inverse DCTs differ (by about one level, rarely).

/** One component's samples at its own resolution. */
export interface Plane {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * The plane of channel `channel` of an interleaved image whose samples were replicated by
 * (stepX, stepY): sample (i, j) sits at pixel (i * stepX, j * stepY).
 */
export function subsample(
  pixels: Uint8Array, width: number, height: number, channels: number, channel: number, stepX: number, stepY: number,
): Plane {
  const pw = Math.ceil(width / stepX);
  const ph = Math.ceil(height / stepY);
  const data = new Uint8Array(pw * ph);
  for (let j = 0; j < ph; j++) {
    const row = j * stepY * width;
    for (let i = 0; i < pw; i++) data[j * pw + i] = pixels[(row + i * stepX) * channels + channel] ?? 0;
  }
  return { width: pw, height: ph, data };
}

function at(p: Plane, x: number, y: number): number {
  return p.data[y * p.width + x] ?? 0;
}

/** jdsample.c h2v1_fancy_upsample: 3/4 nearer + 1/4 further sample, alternating rounding bias. */
function h2v1Row(p: Plane, y: number, out: Uint8Array, o: number, outWidth: number): void {
  const w = p.width;
  const row = new Uint8Array(w * 2);
  row[0] = at(p, 0, y);
  row[1] = (at(p, 0, y) * 3 + at(p, 1, y) + 2) >> 2;
  for (let i = 1; i < w - 1; i++) {
    const v = at(p, i, y) * 3;
    row[2 * i] = (v + at(p, i - 1, y) + 1) >> 2;
    row[2 * i + 1] = (v + at(p, i + 1, y) + 2) >> 2;
  }
  row[2 * w - 2] = (at(p, w - 1, y) * 3 + at(p, w - 2, y) + 1) >> 2;
  row[2 * w - 1] = at(p, w - 1, y);
  out.set(row.subarray(0, outWidth), o);
}

/**
 * jdsample.c h2v2_fancy_upsample: the triangle filter in both directions (9/16, 3/16, 3/16, 1/16). The row
 * above the first and below the last are the edge rows repeated, as libjpeg's context rows are.
 */
function h2v2Row(p: Plane, outY: number, out: Uint8Array, o: number, outWidth: number): void {
  const w = p.width;
  const near = outY >> 1;
  const far = Math.min(p.height - 1, Math.max(0, (outY & 1) === 0 ? near - 1 : near + 1));
  const col = (i: number): number => at(p, i, near) * 3 + at(p, i, far);
  const row = new Uint8Array(w * 2);
  let last = col(0);
  let cur = last;
  let next = col(1);
  row[0] = (cur * 4 + 8) >> 4;
  row[1] = (cur * 3 + next + 7) >> 4;
  for (let i = 1; i < w - 1; i++) {
    last = cur;
    cur = next;
    next = col(i + 1);
    row[2 * i] = (cur * 3 + last + 8) >> 4;
    row[2 * i + 1] = (cur * 3 + next + 7) >> 4;
  }
  last = cur;
  cur = next;
  row[2 * w - 2] = (cur * 3 + last + 8) >> 4;
  row[2 * w - 1] = (cur * 4 + 7) >> 4;
  out.set(row.subarray(0, outWidth), o);
}

/** jdsample.c h1v2_fancy_upsample (libjpeg-turbo 2.0+): vertical triangle filter only. */
function h1v2Row(p: Plane, outY: number, out: Uint8Array, o: number, outWidth: number): void {
  const near = outY >> 1;
  const upper = (outY & 1) === 0;
  const far = Math.min(p.height - 1, Math.max(0, upper ? near - 1 : near + 1));
  const bias = upper ? 1 : 2;
  for (let x = 0; x < outWidth; x++) out[o + x] = (at(p, x, near) * 3 + at(p, x, far) + bias) >> 2;
}

/**
 * Upsamples a plane subsampled by (stepX, stepY) to width x height as libjpeg-turbo does with
 * do_fancy_upsampling (its default, and PIL's): fancy for 2x1, 2x2 and 1x2; replication otherwise, and for
 * planes two samples wide or less, where libjpeg falls back to replication too.
 */
export function upsample(p: Plane, stepX: number, stepY: number, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const h2v1 = stepX === 2 && stepY === 1 && p.width > 2;
  const h2v2 = stepX === 2 && stepY === 2 && p.width > 2;
  const h1v2 = stepX === 1 && stepY === 2;
  for (let y = 0; y < height; y++) {
    const o = y * width;
    if (h2v1) h2v1Row(p, y, out, o, width);
    else if (h2v2) h2v2Row(p, y, out, o, width);
    else if (h1v2) h1v2Row(p, y, out, o, width);
    else {
      const sy = Math.floor(y / stepY);
      for (let x = 0; x < width; x++) out[o + x] = at(p, Math.floor(x / stepX), sy);
    }
  }
  return out;
}

// jdcolor.c build_ycc_rgb_table: 16-bit fixed point, FIX(x) = (int)(x * 65536 + 0.5).
const ONE_HALF = 1 << 15;
const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  const x = i - 128;
  CR_R[i] = (91881 * x + ONE_HALF) >> 16; // FIX(1.40200)
  CB_B[i] = (116130 * x + ONE_HALF) >> 16; // FIX(1.77200)
  CR_G[i] = -46802 * x; // -FIX(0.71414)
  CB_G[i] = -22554 * x + ONE_HALF; // -FIX(0.34414)
}

function clamp8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** jdcolor.c ycc_rgb_convert, in place on interleaved 3-byte pixels (Y, Cb, Cr in; R, G, B out). */
export function yccToRgbInPlace(pixels: Uint8Array): void {
  for (let o = 0; o + 2 < pixels.length; o += 3) {
    const l = pixels[o] ?? 0;
    const b = pixels[o + 1] ?? 0;
    const r = pixels[o + 2] ?? 0;
    pixels[o] = clamp8(l + (CR_R[r] ?? 0));
    pixels[o + 1] = clamp8(l + (((CB_G[b] ?? 0) + (CR_G[r] ?? 0)) >> 16));
    pixels[o + 2] = clamp8(l + (CB_B[b] ?? 0));
  }
}

/** Writes a full-resolution plane into channel `channel` of interleaved 3-byte pixels. */
export function putChannel(pixels: Uint8Array, channel: number, plane: Uint8Array): void {
  for (let i = 0, o = channel; i < plane.length; i++, o += 3) pixels[o] = plane[i] ?? 0;
}
