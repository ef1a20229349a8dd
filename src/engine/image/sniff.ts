// Which decoder gets the bytes is decided by their first bytes only: a server's Content-Type and a file's
// extension are routinely wrong (WebP served as .jpg, HTML error pages served as image/png).
import { ImageError } from '../types';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < Math.min(bytes.length, start + length); i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** ISO-BMFF files (AVIF, HEIC, MP4...) say what they are in the `ftyp` box's major brand. */
function isoBrand(bytes: Uint8Array): string | undefined {
  return ascii(bytes, 4, 4) === 'ftyp' ? ascii(bytes, 8, 4) : undefined;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** What a text file looks like, for the error message: people paste links to web pages, not images. */
function describeText(bytes: Uint8Array): string | undefined {
  let i = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3; // UTF-8 byte-order mark
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  const head = ascii(bytes, i, 1024).toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'SVG';
  if (/^<(!doctype html|html|head|body|!--)/.test(head)) return 'HTML';
  if (head.startsWith('<?xml')) return 'XML';
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON';
  const sample = bytes.subarray(i, i + 512);
  if (sample.length > 0 && sample.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f))) {
    return 'text';
  }
  return undefined;
}

/** The format of `bytes`, or an ImageError saying in plain words what they are instead. */
export function sniffFormat(bytes: Uint8Array): ImageFormat {
  if (bytes.length === 0) throw new ImageError('empty file');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  const six = ascii(bytes, 0, 6);
  if (six === 'GIF87a' || six === 'GIF89a') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';

  const brand = isoBrand(bytes);
  if (brand === 'avif' || brand === 'avis') throw new ImageError('unsupported format: AVIF');
  if (brand !== undefined && HEIF_BRANDS.has(brand)) throw new ImageError('unsupported format: HEIC/HEIF');
  if (brand !== undefined) throw new ImageError(`not an image (looks like a video or ISO media file, brand "${brand.trim()}")`);
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20])) {
    throw new ImageError('unsupported format: JPEG XL');
  }
  if (startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) {
    throw new ImageError('unsupported format: JPEG 2000');
  }
  if (ascii(bytes, 0, 2) === 'BM') throw new ImageError('unsupported format: BMP');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0]) || startsWith(bytes, [0x4d, 0x4d, 0, 0x2a])) {
    throw new ImageError('unsupported format: TIFF');
  }
  if (startsWith(bytes, [0, 0, 1, 0])) throw new ImageError('unsupported format: ICO');
  if (ascii(bytes, 0, 5) === '%PDF-') throw new ImageError('not an image (looks like a PDF document)');
  if (ascii(bytes, 0, 4) === 'RIFF') throw new ImageError(`not an image (a RIFF "${ascii(bytes, 8, 4)}" file)`);

  const text = describeText(bytes);
  if (text === 'SVG') throw new ImageError('unsupported format: SVG (vector images are not supported)');
  if (text !== undefined) throw new ImageError(`not an image (looks like ${text})`);
  throw new ImageError('not an image (unrecognised format)');
}
