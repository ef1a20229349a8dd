// Writes test encoders (src/engine/onnx/test-encoder.ts: CLIP's vision graph with seeded random weights),
// each as X.onnx and the ModelEntry that describes it as X.json.
//
//   npx tsx build/make-test-encoder.ts [tiny|b32|b16|l14|l14-336 ...] [--weights float32,int8,int8pc,float16] [--seed N] [--out DIR]
//
// tiny goes to models/test/ (committed); the full-size ones to models/test/large/ (git-ignored).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  describeTestEncoder, makeTestEncoder, TEST_CONFIGS, TEST_WEIGHT_FORMATS, testEncoderBase, testEncoderGraph,
  type TestConfigName, type TestWeightFormatName,
} from '../src/engine/onnx/test-encoder';
import type { ModelEntry } from '../src/engine/types';

export { makeTestEncoder, testEncoderBase, TEST_WEIGHT_FORMATS as WEIGHT_FORMATS };
export type { TestConfigName as VitConfigName, TestWeightFormatName as WeightFormatName };

const DEFAULT_SEED = 1;
const modelsDir = fileURLToPath(new URL('../models/test/', import.meta.url));

export function describe(name: TestConfigName, file: string, bytes: Uint8Array, weights: TestWeightFormatName = 'float32'): ModelEntry {
  return describeTestEncoder(name, file, bytes.length, createHash('sha256').update(bytes).digest('hex'), weights);
}

/** Writes clip-NAME[-WEIGHTS].onnx and .json into `dir` (by default where the project keeps them). */
export async function writeTestEncoder(
  name: TestConfigName, seed = DEFAULT_SEED, dir = defaultDir(name), weights: TestWeightFormatName = 'float32',
): Promise<{ onnxPath: string; entry: ModelEntry; parameters: number }> {
  mkdirSync(dir, { recursive: true });
  const base = testEncoderBase(name, weights);
  const onnxPath = join(dir, `${base}.onnx`);
  // Streamed to disk, hashed on the way: a ViT-L/14 is never held whole.
  const { graph, graphName, info } = testEncoderGraph(name, seed, weights);
  const hash = createHash('sha256');
  const out = await open(onnxPath, 'w');
  let bytes: number;
  try {
    bytes = await graph.write(graphName, info, async (chunk) => {
      hash.update(chunk);
      await out.write(chunk);
    });
  } finally {
    await out.close();
  }
  const entry = describeTestEncoder(name, `${base}.onnx`, bytes, hash.digest('hex'), weights);
  writeFileSync(join(dir, `${base}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  return { onnxPath, entry, parameters: graph.parameterCount };
}

export function defaultDir(name: TestConfigName): string {
  return name.startsWith('tiny') ? modelsDir : join(modelsDir, 'large');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seed: { type: 'string' }, out: { type: 'string' }, weights: { type: 'string', default: 'float32' } },
  });
  const formats = values.weights.split(',').map((w) => {
    if (!Object.hasOwn(TEST_WEIGHT_FORMATS, w)) throw new Error(`unknown --weights ${w}; known: ${Object.keys(TEST_WEIGHT_FORMATS).join(', ')}`);
    return w as TestWeightFormatName;
  });
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be an integer in [0, 2^32): ${values.seed}`);
  const names = positionals.length > 0 ? positionals : ['tiny'];
  for (const name of names) {
    if (!Object.hasOwn(TEST_CONFIGS, name)) throw new Error(`unknown configuration ${name}; known: ${Object.keys(TEST_CONFIGS).join(', ')}`);
    for (const weights of formats) {
      const started = performance.now();
      const { entry, parameters } = await writeTestEncoder(name as TestConfigName, seed, values.out ?? defaultDir(name as TestConfigName), weights);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${testEncoderBase(name as TestConfigName, weights)}: ${(parameters / 1e6).toFixed(2)} M parameters, ${entry.bytes} bytes, sha256 ${entry.sha256} (${seconds} s)`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
