// Writes test encoders: CLIP vision transformers with seeded random weights, each as X.onnx and the
// ModelEntry that describes it as X.json.
//
//   npx tsx build/make-test-encoder.ts [tiny|b32|b16|l14 ...] [--weights float32,int8,int8pc] [--seed N] [--out DIR]
//
// tiny goes to models/test/ (committed); the full-size ones to models/test/large/ (git-ignored). The int8
// variants (build/onnx-quantize.ts) draw the same random weights and quantise them, so clip-b32-int8 is
// clip-b32 as onnxruntime's quantize_dynamic would write it.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ModelEntry } from '../src/engine/types';
import { encodeModel } from './onnx-graph';
import { buildClipVit, float32Weights, IMAGE_SIZE, VIT_CONFIGS, type VitConfigName, type WeightFormat } from './onnx-clip-vit';
import { int8PerChannelWeights, int8Weights } from './onnx-quantize';

// Part of the file's bytes: bump it only when the generated graph or weights change on purpose.
const GENERATOR_VERSION = '1';
const DEFAULT_SEED = 1;
const OPSET = 17;
const IR_VERSION = 8;

const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

const modelsDir = fileURLToPath(new URL('../models/test/', import.meta.url));

function isConfigName(name: string): name is VitConfigName {
  return Object.hasOwn(VIT_CONFIGS, name);
}

export const WEIGHT_FORMATS = { float32: float32Weights, int8: int8Weights, int8pc: int8PerChannelWeights } as const;
export type WeightFormatName = keyof typeof WEIGHT_FORMATS;

function isWeightFormatName(name: string): name is WeightFormatName {
  return Object.hasOwn(WEIGHT_FORMATS, name);
}

/** The file name a configuration and weight format are written under, without extension: clip-b32-int8. */
export function testEncoderBase(name: VitConfigName, weights: WeightFormat = float32Weights): string {
  return weights === float32Weights ? `clip-${name}` : `clip-${name}-${weights.id}`;
}

export function describe(configName: VitConfigName, file: string, bytes: Uint8Array, weights: WeightFormat): ModelEntry {
  const config = VIT_CONFIGS[configName];
  const features: ModelEntry['features'] = { embedding: { output: 'image_embeds', dim: config.projDim } };
  for (let i = 1; i <= config.layers; i++) features[`block${i}`] = { output: 'class_tokens', select: i - 1, dim: config.width };
  const suffix = weights === float32Weights ? '' : `-${weights.id}`;
  return {
    id: `test-clip-${configName}${suffix}`,
    name: `Test CLIP ViT ${configName}${suffix} (random weights, not for verdicts)`,
    file,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    input: { name: 'pixel_values', size: IMAGE_SIZE, mean: CLIP_MEAN, std: CLIP_STD },
    features,
    licence: 'Apache-2.0',
    test: true,
  };
}

export function makeTestEncoder(configName: VitConfigName, seed: number, weights: WeightFormat = float32Weights): { bytes: Uint8Array; parameters: number } {
  const config = VIT_CONFIGS[configName];
  const graph = buildClipVit(config, seed, weights);
  const bytes = encodeModel(graph, `clip_vit_${configName}`, {
    irVersion: IR_VERSION,
    opset: OPSET,
    producerName: 'originlens-make-test-encoder',
    producerVersion: GENERATOR_VERSION,
    docString: 'CLIP vision transformer graph with seeded random weights. A test model: never for verdicts.',
    metadata: { config: configName, seed: String(seed), weights: weights.id },
  });
  return { bytes, parameters: graph.parameterCount };
}

/** Writes clip-NAME[-WEIGHTS].onnx and .json into `dir` (by default where the project keeps them). */
export function writeTestEncoder(
  name: VitConfigName, seed = DEFAULT_SEED, dir = defaultDir(name), weights: WeightFormat = float32Weights,
): { onnxPath: string; entry: ModelEntry; parameters: number } {
  mkdirSync(dir, { recursive: true });
  const { bytes, parameters } = makeTestEncoder(name, seed, weights);
  const base = testEncoderBase(name, weights);
  const entry = describe(name, `${base}.onnx`, bytes, weights);
  const onnxPath = join(dir, `${base}.onnx`);
  writeFileSync(onnxPath, bytes);
  writeFileSync(join(dir, `${base}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  return { onnxPath, entry, parameters };
}

export function defaultDir(name: VitConfigName): string {
  return name === 'tiny' ? modelsDir : join(modelsDir, 'large');
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { seed: { type: 'string' }, out: { type: 'string' }, weights: { type: 'string', default: 'float32' } },
  });
  const formats = values.weights.split(',').map((w) => {
    if (!isWeightFormatName(w)) throw new Error(`unknown --weights ${w}; known: ${Object.keys(WEIGHT_FORMATS).join(', ')}`);
    return WEIGHT_FORMATS[w];
  });
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`--seed must be an integer in [0, 2^32): ${values.seed}`);
  const names = positionals.length > 0 ? positionals : ['tiny'];
  for (const name of names) {
    if (!isConfigName(name)) throw new Error(`unknown configuration ${name}; known: ${Object.keys(VIT_CONFIGS).join(', ')}`);
    for (const weights of formats) {
      const started = performance.now();
      const { entry, parameters } = writeTestEncoder(name, seed, values.out ?? defaultDir(name), weights);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${testEncoderBase(name, weights)}: ${(parameters / 1e6).toFixed(2)} M parameters, ${entry.bytes} bytes, sha256 ${entry.sha256} (${seconds} s)`);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
