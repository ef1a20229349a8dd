// Times decodeImage + preprocess in Node on a 12-megapixel JPEG and a 1-megapixel PNG, both drawn here
// and written to a temporary folder (never committed). Run: npx tsx build/measure-preprocess.ts [runs]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as encodePng } from 'fast-png';
import { encode as encodeJpeg } from 'jpeg-js';
import { decodeImage } from '../src/engine/image/decode';
import { preprocess } from '../src/engine/preprocess';
import type { InputSpec } from '../src/engine/types';

const CLIP: InputSpec = {
  name: 'pixel_values',
  size: 224,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
};

/** A photo-like picture: smooth gradients, edges and some noise (so the JPEG is not trivially small). */
function picture(width: number, height: number, channels: 3 | 4): Uint8Array {
  const data = new Uint8Array(width * height * channels);
  let seed = 12345;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const noise = (seed >>> 24) % 16;
      const i = (y * width + x) * channels;
      data[i] = (128 + 100 * Math.sin(x / 97) + noise) & 255;
      data[i + 1] = ((x + y) * 255) / (width + height) + noise;
      data[i + 2] = ((x >> 6) + (y >> 6)) % 2 === 0 ? 40 + noise : 200 - noise;
      if (channels === 4) data[i + 3] = 255;
    }
  }
  return data;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function measure(label: string, path: string, runs: number): Promise<void> {
  const bytes = new Uint8Array(readFileSync(path));
  const decodeMs: number[] = [];
  const preprocessMs: number[] = [];
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const img = await decodeImage(bytes);
    const t1 = performance.now();
    preprocess(img, CLIP);
    const t2 = performance.now();
    if (r > 0) {
      // run 0 warms the JIT up and is not counted
      decodeMs.push(t1 - t0);
      preprocessMs.push(t2 - t1);
    }
  }
  const d = median(decodeMs);
  const p = median(preprocessMs);
  console.log(
    `${label}: ${(bytes.length / 1024).toFixed(0)} KiB, decode ${d.toFixed(0)} ms + preprocess ${p.toFixed(0)} ms = ${(d + p).toFixed(0)} ms (median of ${runs})`,
  );
}

const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'originlens-measure-'));
try {
  const jpegPath = join(dir, 'photo-4000x3000.jpg');
  writeFileSync(jpegPath, encodeJpeg({ width: 4000, height: 3000, data: picture(4000, 3000, 4) }, 90).data);
  const pngPath = join(dir, 'picture-1024x1024.png');
  writeFileSync(pngPath, encodePng({ width: 1024, height: 1024, data: picture(1024, 1024, 3), channels: 3, depth: 8 }));
  console.log(`node ${process.version}, ${process.arch}`);
  await measure('12 MP JPEG (4000 x 3000, 4:4:4, quality 90)', jpegPath, runs);
  await measure('1 MP PNG (1024 x 1024, RGB)', pngPath, runs);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
