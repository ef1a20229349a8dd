// JPEG: greyscale and three-component images through libjpeg-turbo's decoder in WebAssembly
// (jpeg-wasm.ts), which gives PIL's pixels. Four-component (CMYK, YCCK) images, which that build cannot
// convert to RGB, through jpeg-js (pure JS), which converts Adobe's inverted CMYK as PIL does.
// EXIF orientation is applied as exif_transpose does.
import jpegJsDecode from 'jpeg-js/lib/decoder.js';
import { ImageError, type RgbImage } from '../types';
import { rgbaOnWhite } from './alpha';
import { exifOrientation } from './exif';
import { readJpegHeader, type JpegHeader } from './jpeg-markers';
import { checkPixels, type ResolvedLimits } from './limits';
import { jpegDecoderReady, mozjpegDecode } from './jpeg-wasm';
import { applyOrientation } from './orient';

function unsupported(header: JpegHeader): string | undefined {
  const m = header.sof;
  if (m === 0xc3 || m === 0xc7 || m === 0xcb || m === 0xcf) return 'unsupported JPEG: lossless';
  if (m >= 0xc9) return 'unsupported JPEG: arithmetic coding';
  if (m >= 0xc5) return 'unsupported JPEG: hierarchical';
  const n = header.components.length;
  if (n !== 1 && n !== 3 && n !== 4) return `unsupported JPEG: ${n} colour components`;
  const maxH = Math.max(...header.components.map((k) => k.h));
  const maxV = Math.max(...header.components.map((k) => k.v));
  if (header.components.some((k) => k.h < 1 || k.v < 1 || maxH % k.h !== 0 || maxV % k.v !== 0)) {
    return 'unsupported JPEG: fractional chroma sampling';
  }
  return undefined;
}

/**
 * The bytes jpeg-js is given for a four-component image: it refuses four components without an Adobe
 * segment, where PIL assumes Adobe's inverted CMYK all the same, so one is added to a copy.
 */
function jpegJsInput(bytes: Uint8Array, header: JpegHeader): Uint8Array {
  if (header.adobe) return bytes;
  // APP14 "Adobe", version 100, flags 0, 0, transform 0 (plain CMYK).
  const app14 = [0xff, 0xee, 0, 14, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 0];
  const copy = new Uint8Array(bytes.length + app14.length);
  copy.set(bytes.subarray(0, 2));
  copy.set(app14, 2);
  copy.set(bytes.subarray(2), 2 + app14.length);
  return copy;
}

/**
 * Whether an EOI marker follows the first scan: without one the file was cut short. (Searched from the
 * end, as some files carry trailing bytes; an EXIF thumbnail's own EOI lies before the scan.)
 */
function hasEndMarker(bytes: Uint8Array, scanOffset: number): boolean {
  for (let i = bytes.length - 2; i >= scanOffset; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Four components (CMYK, YCCK) through jpeg-js, which converts them to RGB itself. */
function decodeWithJpegJs(bytes: Uint8Array, header: JpegHeader, limits: ResolvedLimits): RgbImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpegJsDecode(jpegJsInput(bytes, header), {
      useTArray: true,
      formatAsRGBA: false,
      colorTransform: false,
      // jpeg-js's own caps, matched to ours: about 32 bytes of working memory per pixel at most.
      maxResolutionInMP: limits.maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 32) / (1024 * 1024)) + 64,
    });
  } catch (err) {
    const message = describe(err);
    if (/limit exceeded|allocate/i.test(message)) throw new ImageError(`image too large to decode (${message})`);
    throw new ImageError(`corrupt JPEG (${message})`);
  }
  const { width, height } = decoded;
  if (width !== header.width || height !== header.height) throw new ImageError('corrupt JPEG (inconsistent size)');
  return { width, height, data: decoded.data };
}

async function decodeWithLibjpeg(bytes: Uint8Array, header: JpegHeader): Promise<RgbImage> {
  const result = mozjpegDecode(await jpegDecoderReady(), bytes);
  if (!result.rgba) throw new ImageError(`corrupt JPEG (${result.error ?? 'no image'})`);
  const { width, height, data } = result.rgba;
  if (width !== header.width || height !== header.height) throw new ImageError('corrupt JPEG (inconsistent size)');
  return rgbaOnWhite(data, width, height); // alpha is always 255 here
}

export async function decodeJpegImage(bytes: Uint8Array, limits: ResolvedLimits): Promise<RgbImage> {
  const header = readJpegHeader(bytes);
  checkPixels(header.width, header.height, limits);
  const refusal = unsupported(header);
  if (refusal) throw new ImageError(refusal);
  // libjpeg decodes a cut-off scan with grey for the missing part (a warning, not an error); PIL refuses it.
  if (!hasEndMarker(bytes, header.scanOffset)) throw new ImageError('truncated JPEG');
  const image = header.components.length === 4 ? decodeWithJpegJs(bytes, header, limits) : await decodeWithLibjpeg(bytes, header);
  return applyOrientation(image, header.exif ? exifOrientation(header.exif) : 1);
}
