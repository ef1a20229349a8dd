// PNG through fast-png (pure JS). Every colour type and bit depth ends as 8-bit RGB: greyscale is
// replicated, palette entries looked up, 16-bit samples rounded with round(v / 257), transparency
// (alpha channel, palette alpha or tRNS key colour) flattened onto white, and an eXIf orientation applied
// as PIL's exif_transpose would.
import { decode as decodePng, type DecodedPng } from 'fast-png';
import { ImageError, type RgbImage } from '../types';
import { flattenPixel } from './alpha';
import { exifOrientation } from './exif';
import { applyOrientation } from './orient';
import { decodeCommonPng } from './png-native';

/** 16-bit to 8-bit by round(v / 257), in integers (v / 257 is never half-way: 257 is odd). */
export function to8bit(v: number): number {
  return ((2 * v + 257) / 514) | 0;
}

/**
 * Walks the chunk list: the payload of the first chunk of `type` (fast-png skips chunks it does not
 * know), and whether the list reaches IEND within the file (if not, the file was cut short).
 */
function walkChunks(bytes: Uint8Array, type: string): { found?: Uint8Array; complete: boolean } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found: Uint8Array | undefined;
  let p = 8;
  while (p + 12 <= bytes.length) {
    const length = view.getUint32(p);
    if (p + 12 + length > bytes.length) break;
    const name = String.fromCharCode(bytes[p + 4] ?? 0, bytes[p + 5] ?? 0, bytes[p + 6] ?? 0, bytes[p + 7] ?? 0);
    if (name === 'IEND') return { found, complete: true };
    if (name === type && !found) found = bytes.subarray(p + 8, p + 8 + length);
    p += 12 + length;
  }
  return { found, complete: false };
}

/** Samples of one row as numbers at their own bit depth (1, 2 and 4-bit samples are packed in bytes). */
function sampleReader(png: DecodedPng): (row: number, index: number) => number {
  const { data, depth, width, channels } = png;
  if (depth >= 8) {
    const perRow = width * channels;
    return (row, index) => data[row * perRow + index] ?? 0;
  }
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const mask = (1 << depth) - 1;
  return (row, index) => {
    const bit = index * depth;
    const byte = data[row * rowBytes + (bit >> 3)] ?? 0;
    return (byte >> (8 - depth - (bit & 7))) & mask;
  };
}

/** Scales a sample at `depth` bits to 8 bits: exact multiples for 1, 2 and 4 bits, round(v/257) for 16. */
function scaler(depth: number): (v: number) => number {
  if (depth === 16) return to8bit;
  if (depth === 8) return (v) => v;
  const factor = 255 / ((1 << depth) - 1); // 255, 85 or 17: whole numbers
  return (v) => v * factor;
}

function paletteToRgb(png: DecodedPng, sample: (row: number, index: number) => number): Uint8Array {
  const palette = png.palette ?? [];
  const { width, height } = png;
  const out = new Uint8Array(width * height * 3);
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // An index past the palette's end is a broken file; libpng shows black there, and so do we.
      const entry = palette[sample(y, x)] ?? [0, 0, 0, 255];
      const a = entry[3] ?? 255;
      out[o++] = flattenPixel(entry[0] ?? 0, a);
      out[o++] = flattenPixel(entry[1] ?? 0, a);
      out[o++] = flattenPixel(entry[2] ?? 0, a);
    }
  }
  return out;
}

function directToRgb(png: DecodedPng, sample: (row: number, index: number) => number): Uint8Array {
  const { width, height, channels, depth } = png;
  const grey = channels <= 2;
  const hasAlpha = channels === 2 || channels === 4;
  const to8 = scaler(depth);
  // tRNS on greyscale or truecolour: one colour (in raw samples) that is fully transparent.
  const key = png.transparency && png.transparency.length === (grey ? 1 : 3) ? png.transparency : undefined;
  const out = new Uint8Array(width * height * 3);
  let o = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = 0; x < width; x++, i += channels) {
      const r = sample(y, i);
      const g = grey ? r : sample(y, i + 1);
      const b = grey ? r : sample(y, i + 2);
      let a = 255;
      if (hasAlpha) a = to8(sample(y, i + channels - 1));
      else if (key && r === key[0] && (grey || (g === key[1] && b === key[2]))) a = 0;
      out[o++] = flattenPixel(to8(r), a);
      out[o++] = flattenPixel(to8(g), a);
      out[o++] = flattenPixel(to8(b), a);
    }
  }
  return out;
}

export async function decodePngImage(bytes: Uint8Array): Promise<RgbImage> {
  const chunks = walkChunks(bytes, 'eXIf');
  // fast-png reads past a cut-off end with a generic error, or decodes a short last row silently.
  if (!chunks.complete) throw new ImageError('truncated PNG');
  const orientation = chunks.found ? exifOrientation(chunks.found) : 1;
  const common = await decodeCommonPng(bytes);
  if (common) return applyOrientation(common, orientation);
  let png: DecodedPng;
  try {
    // CRCs are checked, as libpng and PIL do: a corrupt chunk is an error, not silently odd pixels.
    png = decodePng(bytes, { checkCrc: true });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const message = err instanceof Error ? err.message.replace(/:\s*$/, "") : String(err);
    throw new ImageError(`corrupt PNG (${message}${cause})`);
  }
  const sample = sampleReader(png);
  const data = png.palette && png.channels === 1 ? paletteToRgb(png, sample) : directToRgb(png, sample);
  return applyOrientation({ width: png.width, height: png.height, data }, orientation);
}
