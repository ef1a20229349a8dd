// Where the command line's per-image preparation time goes, stage by stage, on one thread: reading the
// file, hashing it, decoding, resizing to the centre crop, normalising into the tensor. For the same two
// pictures as the command-line section (a 640 × 480 JPEG and a 512 × 512 PNG). A tool for working on
// the preparation path, not part of `npm run bench`:
//   npx tsx build/bench/prepare-stages.ts [RUNS]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/engine/hash';
import { decodeImage } from '../../src/engine/image/decode';
import { preprocess, resizeAndCrop } from '../../src/engine/preprocess';
import type { RgbImage } from '../../src/engine/types';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';
import { jpegPicture, pngPicture } from './pictures';
import { CLIP_INPUT } from './preprocess-section';

const SPEC = CLIP_INPUT;

/** The fastest of `runs` runs: on a machine others share, the closest to what the code itself costs. */
async function timeMs(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm up (and let V8 optimise)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return Math.min(...times);
}

async function stages(label: string, bytes: Uint8Array, runs: number, dir: string): Promise<void> {
  const path = join(dir, label);
  writeFileSync(path, bytes);
  const decoded: RgbImage = await decodeImage(bytes);
  const crop = resizeAndCrop(decoded, SPEC.size);
  const rows: [string, number][] = [
    ['read file', await timeMs(runs, () => readFileSync(path))],
    ['sha-256', await timeMs(runs, () => sha256Hex(bytes))],
    ['decode', await timeMs(runs, () => decodeImage(bytes))],
    ['resize + crop', await timeMs(runs, () => resizeAndCrop(decoded, SPEC.size))],
    ['normalise (crop already made)', await timeMs(runs, () => preprocess(crop, SPEC))],
    ['decode + preprocess', await timeMs(runs, async () => preprocess(await decodeImage(bytes), SPEC))],
  ];
  console.log(`${label} (${decoded.width} × ${decoded.height}, ${bytes.length} bytes), fastest of ${runs} runs:`);
  for (const [name, ms] of rows) console.log(`  ${name.padEnd(32)} ${ms.toFixed(2).padStart(7)} ms`);
}

const runs = Number(process.argv[2] ?? 40);
useNodeCodecWasm();
const dir = mkdtempSync(join(tmpdir(), 'originlens-stages-'));
try {
  await stages('photo.jpg', jpegPicture(640, 480, 90, 0), runs, dir);
  await stages('generated.png', pngPicture(512, 512, 1), runs, dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
