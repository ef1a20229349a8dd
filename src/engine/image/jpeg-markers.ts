// Reads a JPEG's header segments (everything before the first scan) for what jpeg-js does not tell: the
// sampling factors, the colour-space evidence libjpeg weighs (JFIF, Adobe, component ids) and EXIF.
import { ImageError } from '../types';

export interface JpegComponent {
  id: number;
  h: number;
  v: number;
}

export interface JpegHeader {
  width: number;
  height: number;
  /** The SOFn marker's code (0xc0 baseline, 0xc1 extended, 0xc2 progressive, ...). */
  sof: number;
  components: JpegComponent[];
  jfif: boolean;
  /** The Adobe APP14 segment's colour transform, and where its byte is in the file. */
  adobe?: { transform: number; offset: number };
  /** The first APP1 "Exif" payload. */
  exif?: Uint8Array;
  /** Where the first scan's entropy-coded data starts. */
  scanOffset: number;
}

function isSof(marker: number): boolean {
  // C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frame headers.
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function startsWithAscii(data: Uint8Array, text: string): boolean {
  if (data.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (data[i] !== text.charCodeAt(i)) return false;
  return true;
}

export function readJpegHeader(bytes: Uint8Array): JpegHeader {
  let p = 2; // after SOI
  let sof: JpegHeader | undefined;
  let jfif = false;
  let adobe: JpegHeader['adobe'];
  let exif: Uint8Array | undefined;
  let scanOffset: number;
  for (;;) {
    // Markers may be preceded by any number of 0xFF fill bytes.
    while (p < bytes.length && bytes[p] === 0xff && bytes[p + 1] === 0xff) p++;
    if (p + 2 > bytes.length) throw new ImageError('truncated JPEG');
    if (bytes[p] !== 0xff) throw new ImageError('corrupt JPEG (marker expected)');
    const marker = bytes[p + 1] ?? 0;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    if (marker === 0xd9) throw new ImageError('corrupt JPEG (no image data)');
    if (p + 4 > bytes.length) throw new ImageError('truncated JPEG');
    const length = ((bytes[p + 2] ?? 0) << 8) | (bytes[p + 3] ?? 0);
    const start = p + 4;
    const end = p + 2 + length;
    if (length < 2 || end > bytes.length) throw new ImageError('truncated JPEG');
    const data = bytes.subarray(start, end);
    if (marker === 0xda) {
      scanOffset = end; // start of scan: the header is over
      break;
    }
    if (isSof(marker)) {
      if (data.length < 6) throw new ImageError('corrupt JPEG (short frame header)');
      const count = data[5] ?? 0;
      if (data.length < 6 + count * 3) throw new ImageError('corrupt JPEG (short frame header)');
      const components: JpegComponent[] = [];
      for (let i = 0; i < count; i++) {
        const sampling = data[7 + i * 3] ?? 0;
        components.push({ id: data[6 + i * 3] ?? 0, h: sampling >> 4, v: sampling & 15 });
      }
      sof = {
        sof: marker,
        height: ((data[1] ?? 0) << 8) | (data[2] ?? 0),
        width: ((data[3] ?? 0) << 8) | (data[4] ?? 0),
        components,
        jfif: false,
        scanOffset: 0,
      };
    } else if (marker === 0xe0 && data.length >= 14 && startsWithAscii(data, 'JFIF\0')) {
      jfif = true;
    } else if (marker === 0xe1 && !exif && startsWithAscii(data, 'Exif\0\0')) {
      exif = data.subarray(6);
    } else if (marker === 0xee && data.length >= 12 && startsWithAscii(data, 'Adobe')) {
      adobe = { transform: data[11] ?? 0, offset: start + 11 };
    }
    p = end;
  }
  if (!sof) throw new ImageError('corrupt JPEG (no frame header)');
  return { ...sof, jfif, adobe, exif, scanOffset };
}
