// Procedural pictures for the benchmark: photo-like (smooth gradients, hard edges, some noise) so that a
// JPEG of one is neither trivially small nor pure noise. Deterministic: the same bytes on every run.
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';

export function picture(width: number, height: number, channels: 3 | 4, seed = 12345): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  let state = seed >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) >>> 0;
      const noise = (state >>> 24) % 16;
      const i = (y * width + x) * channels;
      data[i] = (128 + 100 * Math.sin(x / 97 + seed) + noise) & 255;
      data[i + 1] = ((x + y) * 255) / (width + height) + noise;
      data[i + 2] = ((x >> 6) + (y >> 6)) % 2 === 0 ? 40 + noise : 200 - noise;
      if (channels === 4) data[i + 3] = 255;
    }
  }
  return data;
}

/** A baseline JPEG (jpeg-js writes 4:4:4). */
export function jpegPicture(width: number, height: number, quality = 90, seed?: number): Uint8Array {
  return new Uint8Array(encodeJpeg({ width, height, data: picture(width, height, 4, seed) }, quality).data);
}

export function pngPicture(width: number, height: number, seed?: number): Uint8Array {
  return encodePng({ width, height, data: picture(width, height, 3, seed), channels: 3, depth: 8 });
}
