// PNG's commonest form (8-bit RGB or RGBA, not interlaced: what generators and screenshots write) with an
// inflate the environment provides, when it provides a faster one than fast-png's pure-JS fflate: Node's
// zlib (src/node/codec-wasm.ts), or the browser's DecompressionStream in the engine host
// (inflate-stream.ts). Inflating is lossless, so the pixels are the same either way. Anything unusual
// (another colour type or depth, interlacing, tRNS, a stream that does not inflate to exactly the image)
// is left to fast-png, which gives the established errors.
import { concatBytes } from '../concat-bytes';
import type { RgbImage } from '../types';
import { rgbaOnWhite } from './alpha';

/** zlib stream to bytes; throws (or rejects) on a bad stream or past `maxLength` bytes of output. */
export type Inflate = (zlib: Uint8Array, maxLength: number) => Uint8Array | Promise<Uint8Array>;

let inflate: Inflate | undefined;

export function setPngInflate(next: Inflate | undefined): void {
  inflate = next;
}

/** Whether PNGs of the common form get the environment's inflate. */
export const hasPngInflate = (): boolean => inflate !== undefined;

/** CRC-32 of some bytes, as PNG and zlib define it. */
export type Crc32 = (bytes: Uint8Array) => number;

let nativeCrc32: Crc32 | undefined;

/**
 * A faster CRC-32 for checking chunks, when the environment has one: Node's zlib.crc32 checks a large IDAT
 * about five times as fast as the table-driven loop below (0.5 against 2.3 ms for 2.6 MB).
 */
export function setPngCrc32(next: Crc32 | undefined): void {
  nativeCrc32 = next;
}

/**
 * CRC-32 tables for eight bytes at a time ("slicing by 8"), one after another in one array: table k gives
 * the CRC of a byte followed by k zero bytes. The browser has no native CRC-32; for a 1-megapixel PNG's
 * 2.6 MB, a byte at a time took 5.4 ms and eight at a time take 2.3 (png-native.test.ts checks the result).
 */
const CRC_TABLES = (() => {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 256; n < 8 * 256; n++) t[n] = (t[n - 256]! >>> 8) ^ t[t[n - 256]! & 0xff]!;
  return t;
})();

/** CRC-32 of a chunk's type and data, as PNG stores it after them. */
export function crc32(bytes: Uint8Array, from: number, to: number): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = from;
  for (; i + 8 <= to; i += 8) {
    const a = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c =
      t[1792 + (a & 0xff)]! ^
      t[1536 + ((a >>> 8) & 0xff)]! ^
      t[1280 + ((a >>> 16) & 0xff)]! ^
      t[1024 + (a >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunkCrc(bytes: Uint8Array, from: number, to: number): number {
  return nativeCrc32 ? nativeCrc32(bytes.subarray(from, to)) >>> 0 : crc32(bytes, from, to);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Undoes the row filters: `raw` (a filter byte, then the row) to `out` (the rows alone). Bytes before the
 * first pixel and above the first row count as 0; a Uint8Array keeps each sum modulo 256 by itself.
 */
function unfilter(raw: Uint8Array, out: Uint8Array, rowBytes: number, height: number, bpp: number): boolean {
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)]!;
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const up = row - rowBytes;
    const first = Math.min(bpp, rowBytes);
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + rowBytes), row);
        break;
      case 1: // Sub
        for (let x = 0; x < first; x++) out[row + x] = raw[src + x]!;
        for (let x = bpp; x < rowBytes; x++) out[row + x] = raw[src + x]! + out[row + x - bpp]!;
        break;
      case 2: // Up
        if (y === 0) out.set(raw.subarray(src, src + rowBytes), row);
        else for (let x = 0; x < rowBytes; x++) out[row + x] = raw[src + x]! + out[up + x]!;
        break;
      case 3: // Average
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= bpp ? out[row + x - bpp]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          out[row + x] = raw[src + x]! + ((a + b) >> 1);
        }
        break;
      case 4: // Paeth
        for (let x = 0; x < rowBytes; x++) {
          const a = x >= bpp ? out[row + x - bpp]! : 0;
          const b = y > 0 ? out[up + x]! : 0;
          const c = x >= bpp && y > 0 ? out[up + x - bpp]! : 0;
          out[row + x] = raw[src + x]! + paeth(a, b, c);
        }
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The image, or undefined when it is not the common form (or no native inflate is set, or it is broken). */
export async function decodeCommonPng(bytes: Uint8Array): Promise<RgbImage | undefined> {
  if (!inflate) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  let p = 8;
  while (p + 12 <= bytes.length) {
    const length = view.getUint32(p);
    const end = p + 8 + length;
    if (end + 4 > bytes.length || chunkCrc(bytes, p + 4, end) !== view.getUint32(end)) return undefined;
    const type = view.getUint32(p + 4);
    const data = bytes.subarray(p + 8, end);
    if (p === 8) {
      // IHDR: 8-bit depth, colour type 2 (RGB) or 6 (RGBA), standard compression and filters, no interlace.
      if (type !== 0x49484452 || length !== 13) return undefined;
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const [depth, colour, compression, filterMethod, interlace] = data.subarray(8, 13);
      if (depth !== 8 || (colour !== 2 && colour !== 6) || compression !== 0 || filterMethod !== 0 || interlace !== 0) return undefined;
      channels = colour === 2 ? 3 : 4;
    } else if (type === 0x49444154) {
      idat.push(data); // IDAT
    } else if (type === 0x74524e53) {
      return undefined; // tRNS: a key colour to make transparent
    } else if (type === 0x49454e44) {
      break; // IEND
    }
    p = end + 4;
  }
  if (channels === 0 || idat.length === 0) return undefined;
  const rowBytes = width * channels;
  const expected = height * (rowBytes + 1);
  let raw: Uint8Array;
  try {
    raw = await inflate(idat.length === 1 ? idat[0]! : concatBytes(idat), expected);
  } catch {
    return undefined;
  }
  if (raw.length !== expected) return undefined;
  const pixels = new Uint8Array(rowBytes * height);
  if (!unfilter(raw, pixels, rowBytes, height, channels)) return undefined;
  return channels === 3 ? { width, height, data: pixels } : rgbaOnWhite(pixels, width, height);
}
