// Hostile image bytes made by code, never downloaded: headers that claim enormous sizes, for the decoder's
// and the command line's tests (and the browser's, later).

export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function crc32(bytes: ArrayLike<number>): number {
  let c = ~0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i]!;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const be32 = (v: number): number[] => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

/** A PNG that is all header: signature and IHDR, claiming width x height. */
export function pngHeader(width: number, height: number): Uint8Array {
  const ihdr = [...ascii('IHDR'), ...be32(width), ...be32(height), 8, 2, 0, 0, 0];
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...be32(13), ...ihdr, ...be32(crc32(ihdr))]);
}

/** A JPEG that is all header: SOI, a baseline frame header claiming width x height, a scan header. */
export function jpegHeader(width: number, height: number): Uint8Array {
  const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  return Uint8Array.from([0xff, 0xd8, ...sof, ...sos, 0xff, 0xd9]);
}
