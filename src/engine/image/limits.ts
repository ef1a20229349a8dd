// Size caps, checked on the header before any pixel is decoded: a 50-byte PNG can claim to be
// 30,000 x 30,000 pixels, and decoding it would ask for 3.6 GB.
import { imageSize } from 'image-size';
import { ImageError } from '../types';
import { readJpegHeader } from './jpeg-markers';
import type { ImageFormat } from './sniff';

export interface DecodeLimits {
  /** Largest width x height accepted (default 100 megapixels). */
  maxPixels?: number;
  /** Largest file accepted, in bytes (default 128 MiB). */
  maxBytes?: number;
}

export const DEFAULT_MAX_PIXELS = 100_000_000;
export const DEFAULT_MAX_BYTES = 128 * 1024 * 1024;

export interface ResolvedLimits {
  maxPixels: number;
  maxBytes: number;
}

export function resolveLimits(limits: DecodeLimits | undefined): ResolvedLimits {
  return {
    maxPixels: limits?.maxPixels ?? DEFAULT_MAX_PIXELS,
    maxBytes: limits?.maxBytes ?? DEFAULT_MAX_BYTES,
  };
}

function megapixels(n: number): string {
  return `${Number((n / 1e6).toPrecision(3))} megapixels`;
}

function mebibytes(n: number): string {
  return `${Number((n / (1024 * 1024)).toPrecision(3))} MB`;
}

export function checkFileSize(bytes: Uint8Array, limits: ResolvedLimits): void {
  if (bytes.length > limits.maxBytes) {
    throw new ImageError(`file too large: ${mebibytes(bytes.length)} (limit ${mebibytes(limits.maxBytes)})`);
  }
}

/** Throws unless width x height is a real, allowed size. */
export function checkPixels(width: number, height: number, limits: ResolvedLimits): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new ImageError(`image has no pixels (${width} x ${height})`);
  }
  if (width * height > limits.maxPixels) {
    throw new ImageError(`image too large: ${width} x ${height} pixels (limit ${megapixels(limits.maxPixels)})`);
  }
}

const FORMAT_NAMES: Record<ImageFormat, string> = { jpeg: 'JPEG', png: 'PNG', gif: 'GIF', webp: 'WebP' };

export function formatName(format: ImageFormat): string {
  return FORMAT_NAMES[format];
}

/** Bytes up to and including the width and height fields of each format's header. */
const HEADER_BYTES: Record<Exclude<ImageFormat, 'jpeg'>, number> = { png: 24, gif: 10, webp: 30 };

/** Reads the stored (un-rotated) size from the header alone and enforces the pixel cap. */
export function checkHeaderSize(bytes: Uint8Array, format: ImageFormat, limits: ResolvedLimits): void {
  if (format === 'jpeg') {
    // image-size expects an APPn segment right after SOI and skips frame types it does not know; the
    // marker walk the JPEG decoder needs anyway reads every valid file and says precisely what is wrong.
    const header = readJpegHeader(bytes);
    checkPixels(header.width, header.height, limits);
    return;
  }
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    // Without a readable header there is no size to check, so the file is refused (never decoded
    // uncapped); the reason is made as precise as the header allows.
    if (bytes.length < HEADER_BYTES[format]) throw new ImageError(`truncated ${formatName(format)}`);
    throw new ImageError(`corrupt ${formatName(format)} (unreadable header)`);
  }
  checkPixels(size.width ?? 0, size.height ?? 0, limits);
}
