// JPEG through jpeg-js (pure JS) for the entropy decoding and inverse DCT, with libjpeg-turbo's own
// chroma upsampling and colour conversion on top (jpeg-color.ts), so that the pixels come out as close to
// PIL's (libjpeg-turbo's) as a different IDCT allows. EXIF orientation is applied as exif_transpose does.
import jpegJsDecode from 'jpeg-js/lib/decoder.js';
import { ImageError, type RgbImage } from '../types';
import { exifOrientation } from './exif';
import { putChannel, subsample, upsample, yccToRgbInPlace } from './jpeg-color';
import { readJpegHeader, type JpegHeader } from './jpeg-markers';
import { checkPixels, type ResolvedLimits } from './limits';
import { applyOrientation } from './orient';

/** What libjpeg (jdapimin.c default_decompress_parms) takes a three-component image to be. */
function isYcc(header: JpegHeader): boolean {
  if (header.jfif) return true;
  if (header.adobe) return header.adobe.transform !== 0;
  const [a, b, c] = header.components.map((k) => k.id);
  return !(a === 0x52 && b === 0x47 && c === 0x42); // 'R', 'G', 'B' ids mean RGB; anything else YCbCr
}

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
 * The bytes jpeg-js is given. It applies an Adobe colour transform itself whenever the Adobe segment asks
 * for one (in floating point, on replicated chroma), so the flag is cleared in a copy to get the raw planes
 * (libjpeg's conversion is applied here instead). It also refuses four components without an Adobe
 * segment, where PIL assumes Adobe's inverted CMYK all the same, so one is added to a copy.
 */
function jpegJsInput(bytes: Uint8Array, header: JpegHeader): Uint8Array {
  if (header.components.length === 3 && header.adobe && header.adobe.transform !== 0) {
    const copy = Uint8Array.from(bytes);
    copy[header.adobe.offset] = 0;
    return copy;
  }
  if (header.components.length === 4 && !header.adobe) {
    // APP14 "Adobe", version 100, flags 0, 0, transform 0 (plain CMYK).
    const app14 = [0xff, 0xee, 0, 14, 0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 0];
    const copy = new Uint8Array(bytes.length + app14.length);
    copy.set(bytes.subarray(0, 2));
    copy.set(app14, 2);
    copy.set(bytes.subarray(2), 2 + app14.length);
    return copy;
  }
  return bytes;
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

/**
 * jpeg-js's output (with colorTransform off: the components as stored, chroma replicated) made into
 * RGB as libjpeg would, in place: subsampled components are upsampled again from their own samples.
 */
function toRgb(header: JpegHeader, decoded: Uint8Array, width: number, height: number): Uint8Array {
  const comps = header.components;
  if (comps.length !== 3) return decoded; // grey (replicated by jpeg-js) or CMYK (converted by jpeg-js)
  const maxH = Math.max(...comps.map((k) => k.h));
  const maxV = Math.max(...comps.map((k) => k.v));
  comps.forEach((k, c) => {
    const stepX = maxH / k.h;
    const stepY = maxV / k.v;
    if (stepX === 1 && stepY === 1) return;
    putChannel(decoded, c, upsample(subsample(decoded, width, height, 3, c, stepX, stepY), stepX, stepY, width, height));
  });
  if (isYcc(header)) yccToRgbInPlace(decoded);
  return decoded;
}

export function decodeJpegImage(bytes: Uint8Array, limits: ResolvedLimits): RgbImage {
  const header = readJpegHeader(bytes);
  checkPixels(header.width, header.height, limits);
  const refusal = unsupported(header);
  if (refusal) throw new ImageError(refusal);
  if (!hasEndMarker(bytes, header.scanOffset)) throw new ImageError('truncated JPEG');
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
  const data = toRgb(header, decoded.data, width, height);
  return applyOrientation({ width, height, data }, header.exif ? exifOrientation(header.exif) : 1);
}
