// The test encoders the benchmark runs: full-size ones from models/test/large/ (made there when missing,
// as build/make-test-encoder.ts does), the tiny one made in memory for quick runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../../src/engine/types';
import { defaultDir, describe, makeTestEncoder, testEncoderBase, writeTestEncoder, type WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../make-test-encoder';

export interface TestModel {
  bytes: Uint8Array;
  entry: ModelEntry;
}

const SEED = 1;

export async function testModel(config: VitConfigName, weights: WeightFormatName, log: (line: string) => void): Promise<TestModel> {
  const base = testEncoderBase(config, weights);
  if (config === 'tiny') {
    // Made in memory: the committed models/test/ folder holds the float32 tiny model only.
    const { bytes } = await makeTestEncoder(config, SEED, weights);
    return { bytes, entry: describe(config, `${base}.onnx`, bytes, weights) };
  }
  const dir = defaultDir(config);
  const jsonPath = join(dir, `${base}.json`);
  if (!existsSync(jsonPath)) {
    log(`making ${base} in ${dir} ...`);
    await writeTestEncoder(config, SEED, dir, weights);
  }
  const entry = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelEntry;
  return { bytes: new Uint8Array(readFileSync(join(dir, entry.file))), entry };
}

/**
 * Session options for every session the benchmark opens. onnxruntime's thread pools spin-wait for work
 * after each run; with onnxruntime-node and onnxruntime-web in one process, timed in rotation, each pool's
 * spinning takes the cores the other runs on (ViT-B/32 at batch 8 in onnxruntime-node measured 72 ms per
 * image beside a spinning WASM pool and 39 ms without spinning). Off for both, the ratios are fair.
 */
export const BENCH_SESSION_OPTIONS = {
  extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
} as const;
