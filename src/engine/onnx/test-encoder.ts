import type { ModelEntry } from '../types';
import { buildClipVision, clipFeatures, type ClipVisionArchitecture } from './clip-vision-graph';
import { writeToBytes, type GraphBuilder, type ModelInfo } from './graph';
import { randomClipWeights } from './random-clip-weights';
import { float16Weights, float32Weights, int8PerTensorWeights, int8Weights, type WeightFormat } from './weight-formats';

/**
 * Test encoders: the same CLIP vision graph as converted checkpoints, with seeded random weights, so the
 * engine, its tests and its benchmarks run the real operators, shapes and cost without real weights.
 * `tiny` is committed (models/test/); the others have real encoders' shapes and are made on demand.
 */
export const TEST_CONFIGS = {
  tiny: { imageSize: 224, patch: 32, width: 64, layers: 4, heads: 4, embedDim: 32, activation: 'quickgelu' },
  // ViT-L/14's input and embedding shape (14-pixel patches, a 768-wide image_embeds) on a tiny trunk: what
  // heads for ViT-L/14 read (UnivFD), in a file small enough to commit and serve in browser tests.
  'tiny-l14': { imageSize: 224, patch: 14, width: 64, layers: 2, heads: 4, embedDim: 768, activation: 'quickgelu' },
  b32: { imageSize: 224, patch: 32, width: 768, layers: 12, heads: 12, embedDim: 512, activation: 'quickgelu' },
  b16: { imageSize: 224, patch: 16, width: 768, layers: 12, heads: 12, embedDim: 512, activation: 'quickgelu' },
  l14: { imageSize: 224, patch: 14, width: 1024, layers: 24, heads: 16, embedDim: 768, activation: 'quickgelu' },
  'l14-336': { imageSize: 336, patch: 14, width: 1024, layers: 24, heads: 16, embedDim: 768, activation: 'quickgelu' },
} as const satisfies Record<string, ClipVisionArchitecture>;

export type TestConfigName = keyof typeof TEST_CONFIGS;

/**
 * Weight formats by the names test encoders are written under: `int8` is quantize_dynamic's default
 * (one scale per tensor), kept so that benchmarks compare with what public exports ship; `int8pc` is
 * per channel, what converted encoders use.
 */
export const TEST_WEIGHT_FORMATS = { float32: float32Weights, int8: int8PerTensorWeights, int8pc: int8Weights, float16: float16Weights } as const;
export type TestWeightFormatName = keyof typeof TEST_WEIGHT_FORMATS;

// Part of the file's bytes: bump it only when the generated graph or weights change on purpose.
const GENERATOR_VERSION = '2';

export const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

export function testEncoderBase(name: TestConfigName, weights: TestWeightFormatName = 'float32'): string {
  return weights === 'float32' ? `clip-${name}` : `clip-${name}-${weights}`;
}

/** The graph of a test encoder and what its file says of itself: written to memory or streamed to disk. */
export function testEncoderGraph(name: TestConfigName, seed: number, weights: TestWeightFormatName = 'float32'): { graph: GraphBuilder; graphName: string; info: ModelInfo } {
  const a: ClipVisionArchitecture = TEST_CONFIGS[name];
  const format: WeightFormat = TEST_WEIGHT_FORMATS[weights];
  return {
    graph: buildClipVision(a, randomClipWeights(a, seed), format),
    graphName: `clip_vit_${name}`,
    info: {
      irVersion: 8,
      opset: 17,
      producerName: 'originlens-make-test-encoder',
      producerVersion: GENERATOR_VERSION,
      docString: 'CLIP vision transformer graph with seeded random weights. A test model: never for verdicts.',
      metadata: { config: name, seed: String(seed), weights },
    },
  };
}

export async function makeTestEncoder(name: TestConfigName, seed: number, weights: TestWeightFormatName = 'float32'): Promise<{ bytes: Uint8Array; parameters: number }> {
  const { graph, graphName, info } = testEncoderGraph(name, seed, weights);
  return { bytes: await writeToBytes(graph, graphName, info), parameters: graph.parameterCount };
}

export function describeTestEncoder(name: TestConfigName, file: string, bytes: number, sha256: string, weights: TestWeightFormatName = 'float32'): ModelEntry {
  const a = TEST_CONFIGS[name];
  const suffix = weights === 'float32' ? '' : `-${weights}`;
  return {
    id: `test-clip-${name}${suffix}`,
    name: `Test CLIP ViT ${name}${suffix} (random weights, not for verdicts)`,
    file,
    bytes,
    sha256,
    input: { name: 'pixel_values', size: a.imageSize, mean: CLIP_MEAN, std: CLIP_STD },
    features: clipFeatures(a),
    licence: 'Apache-2.0',
    test: true,
  };
}
