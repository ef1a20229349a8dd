// The command line's end-to-end throughput (read, hash, decode and preprocess in worker threads, encode:
// extractFeatures, as `originlens attribute` runs it, with its session options, without the feature
// cache) against the encoder alone on the same number of already preprocessed images, in the same
// batches. Both run on onnxruntime-node. As in the command line, the decoding pool is started before the
// encoder loads (openEncoderAndDecoders), so its start-up is not counted; it serves every run of one
// encoder, so only the first run (the uncounted warm-up) meets its workers' code not yet optimised.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEncoder, type Encoder } from '../../src/engine/encoder';
import { decodeImage } from '../../src/engine/image/decode';
import { preprocess } from '../../src/engine/preprocess';
import type { ImageItem } from '../../src/node/dataset';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';
import { DecodePool } from '../../src/node/decode-pool';
import { extractFeatures } from '../../src/node/extract-features';
import { CLI_SESSION_OPTIONS } from '../../src/node/open-engine';
import { loadRuntime } from '../../src/node/ort-runtimes';
import type { WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../make-test-encoder';
import { testModel } from './models';
import { jpegPicture, pngPicture } from './pictures';
import { figure, median, type Figure, type Section } from './report';
import { rotate } from './timing';

const BATCH = 8;

/** Half 640 × 480 JPEGs (photos), half 512 × 512 PNGs (generator outputs), as a GenImage folder mixes them. */
function writeImages(dir: string, count: number): ImageItem[] {
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, i % 2 === 0 ? `photo-${i}.jpg` : `generated-${i}.png`);
    writeFileSync(path, i % 2 === 0 ? jpegPicture(640, 480, 90, i) : pngPicture(512, 512, i));
    return { name: path, path };
  });
}

async function encodeAll(encoder: Encoder, pixels: readonly Float32Array[]): Promise<void> {
  for (let start = 0; start < pixels.length; start += BATCH) await encoder.encode(pixels.slice(start, start + BATCH));
}

async function extractAll(encoder: Encoder, pool: DecodePool, items: readonly ImageItem[]): Promise<void> {
  let done = 0;
  for await (const batch of extractFeatures(items, { encoder, pool, batchSize: BATCH })) {
    for (const r of batch) if (r.error !== undefined) throw new Error(`${r.item.name}: ${r.error}`);
    done += batch.length;
  }
  if (done !== items.length) throw new Error(`extracted ${done} of ${items.length} images`);
}

/**
 * Decode + preprocess time of every image on one thread (the same code the workers run), which no
 * overlap can take off a machine whose cores the encoder alone already keeps busy.
 */
async function preparation(items: readonly ImageItem[], bytes: readonly Uint8Array[], encoder: Encoder): Promise<{ pixels: Float32Array[]; ms: number }> {
  useNodeCodecWasm();
  const start = performance.now();
  const pixels: Float32Array[] = [];
  for (let i = 0; i < items.length; i++) pixels.push(preprocess(await decodeImage(bytes[i]!), encoder.entry.input));
  return { pixels, ms: (performance.now() - start) / items.length };
}

async function measure(config: VitConfigName, weights: WeightFormatName, items: ImageItem[], bytes: Uint8Array[], rounds: number, log: (line: string) => void): Promise<Figure[]> {
  const pool = new DecodePool();
  pool.start();
  const { ort, runtime, executionProviders } = await loadRuntime('node');
  const model = await testModel(config, weights, log);
  const encoder = await createEncoder(ort, model.bytes, model.entry, { runtime, executionProviders, sessionOptions: CLI_SESSION_OPTIONS });
  try {
    const { pixels, ms } = await preparation(items, bytes, encoder);
    log(`command line ${config} ${weights}: ${items.length} images, ${rounds} rounds`);
    const [alone, endToEnd] = await rotate([() => encodeAll(encoder, pixels), () => extractAll(encoder, pool, items)], rounds);
    const rate = (times: number[]) => times.map((t) => (items.length * 1000) / t);
    const prefix = `cli/${config}/${weights}`;
    const aloneFigure = figure(`${prefix}/encoder-alone`, rate(alone!), 'images/s');
    const e2e = figure(`${prefix}/end-to-end`, rate(endToEnd!), 'images/s', 'target ≥ 0.85× the encoder alone');
    e2e.baseline = aloneFigure.name;
    // The encoder alone keeps every core busy, so decoding is not free however well it overlaps: its CPU
    // time spread over all cores is added to the encoder's. This is the most overlap can give here (in
    // practice less: a decoding thread on a core that one of onnxruntime's threads needs holds up each of
    // its parallel operators).
    const encodeMs = median(alone!) / items.length;
    const bound = encodeMs / (encodeMs + ms / availableParallelism());
    // Decoding and encoding one after the other, with no overlap at all: what the overlap has to beat.
    const serial = encodeMs / (encodeMs + ms);
    const prep = figure(
      `${prefix}/decode-and-preprocess`,
      [ms],
      'ms/image',
      `one thread; best reachable end-to-end on ${availableParallelism()} cores ≈ ${bound.toFixed(2)}× the encoder alone, ${serial.toFixed(2)}× with no overlap`,
    );
    return [aloneFigure, e2e, prep];
  } finally {
    await pool.close();
    await encoder.release();
  }
}

export const cliSection: Section = {
  id: 'cli',
  title: 'Command line throughput (onnxruntime-node, batches of 8)',
  async run(options) {
    const dir = mkdtempSync(join(tmpdir(), 'originlens-bench-'));
    try {
      const items = writeImages(dir, options.quick ? 24 : 200);
      const bytes = items.map((item) => new Uint8Array(readFileSync(item.path)));
      const config: VitConfigName = options.quick ? 'tiny' : 'b32';
      const rounds = options.quick ? 2 : 3;
      const figures: Figure[] = [];
      for (const weights of ['float32', 'int8'] as WeightFormatName[]) figures.push(...(await measure(config, weights, items, bytes, rounds, options.log)));
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
