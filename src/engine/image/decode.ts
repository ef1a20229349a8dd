// Bytes to upright 8-bit RGB, the same in the browser and in Node: every decoder here is pure JS or
// WebAssembly (never canvas, never a Node built-in), so both environments see identical pixels.
import type { RgbImage } from '../types';
import { decodeGifImage } from './gif';
import { decodeJpegImage } from './jpeg';
import { checkFileSize, checkHeaderSize, resolveLimits, type DecodeLimits } from './limits';
import { decodePngImage } from './png';
import { sniffFormat } from './sniff';
import { decodeWebpImage } from './webp';

export type { DecodeLimits } from './limits';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS } from './limits';
export { setJpegWasmLoader } from './jpeg-wasm';
export type { WasmLoader, WasmSource } from './wasm-source';
export { setWebpWasmLoader } from './webp-wasm';

/**
 * Decodes a JPEG, PNG, GIF (first frame) or WebP (first frame) into 8-bit RGB: EXIF orientation applied,
 * transparency flattened onto white, 16-bit samples rounded to 8. The format is read from the bytes, and
 * the size from the header before anything is decoded. Throws ImageError, with a reason a person can
 * read, for anything else (empty, truncated, too large, not an image, unsupported format).
 */
export async function decodeImage(bytes: Uint8Array, limits?: DecodeLimits): Promise<RgbImage> {
  const resolved = resolveLimits(limits);
  const format = sniffFormat(bytes);
  checkFileSize(bytes, resolved);
  checkHeaderSize(bytes, format, resolved);
  switch (format) {
    case 'jpeg':
      return decodeJpegImage(bytes, resolved);
    case 'png':
      return decodePngImage(bytes);
    case 'gif':
      return decodeGifImage(bytes, resolved);
    case 'webp':
      return decodeWebpImage(bytes, resolved);
  }
}
