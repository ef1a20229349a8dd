// The graph of CLIP's vision transformer (OpenAI CLIP, Hugging Face CLIPVisionModelWithProjection) with
// seeded random weights: the same operators, shapes and cost as the real encoders, so the engine,
// its tests and its benchmarks run without the real weights.
import { DataType, GraphBuilder } from './onnx-graph';
import { Random } from './onnx-random';

export interface VitConfig {
  patch: number;
  width: number;
  layers: number;
  heads: number;
  projDim: number;
}

export const IMAGE_SIZE = 224;

export const VIT_CONFIGS = {
  tiny: { patch: 32, width: 64, layers: 4, heads: 4, projDim: 32 },
  b32: { patch: 32, width: 768, layers: 12, heads: 12, projDim: 512 },
  b16: { patch: 16, width: 768, layers: 12, heads: 12, projDim: 512 },
  l14: { patch: 14, width: 1024, layers: 24, heads: 16, projDim: 768 },
} as const satisfies Record<string, VitConfig>;

export type VitConfigName = keyof typeof VIT_CONFIGS;

/**
 * How a linear layer (y = x W + b) lands in the graph. Float32 MatMul + Add today; a quantised variant
 * (MatMulInteger or QDQ around int8 weights) implements this same interface, so the graph and the
 * random weights, drawn in the same order, stay the same for every variant.
 */
export interface WeightFormat {
  id: string;
  linear(g: GraphBuilder, x: string, name: string, weight: Float32Array, inDim: number, outDim: number, bias?: Float32Array): string;
}

export const float32Weights: WeightFormat = {
  id: 'float32',
  linear(g, x, name, weight, inDim, outDim, bias) {
    const y = g.node('MatMul', [x, g.initializer(`${name}.weight`, [inDim, outDim], weight)]);
    return bias === undefined ? y : g.node('Add', [y, g.initializer(`${name}.bias`, [outDim], bias)]);
  },
};

// Scales keep activations near unit variance through every layer (LeCun-style 1/sqrt(fan_in)), so
// attention is not uniform and the features depend on the image: with CLIP's own 0.02 on random
// weights the residual stream is dominated by the class embedding and every image looks alike.
const BIAS_STD = 0.02;
const POSITION_STD = 0.1;
const LN_EPSILON = 1e-5;

function layerNorm(g: GraphBuilder, x: string, name: string, width: number): string {
  const gamma = g.initializer(`${name}.weight`, [width], new Float32Array(width).fill(1));
  const beta = g.initializer(`${name}.bias`, [width], new Float32Array(width));
  return g.node('LayerNormalization', [x, gamma, beta], { axis: { i: -1 }, epsilon: { f: LN_EPSILON } });
}

interface BlockContext {
  g: GraphBuilder;
  rng: Random;
  weights: WeightFormat;
  config: VitConfig;
}

function randomLinear(c: BlockContext, x: string, name: string, inDim: number, outDim: number, withBias = true): string {
  const weight = c.rng.normals(inDim * outDim, 1 / Math.sqrt(inDim));
  const bias = withBias ? c.rng.normals(outDim, BIAS_STD) : undefined;
  return c.weights.linear(c.g, x, name, weight, inDim, outDim, bias);
}

function attention(c: BlockContext, x: string, name: string): string {
  const { g, config } = c;
  const { width, heads } = config;
  const headDim = width / heads;
  const split = g.int64s([0, 0, heads, headDim]);
  // Scaling q rather than the scores is what CLIPAttention does.
  const q = g.node('Mul', [randomLinear(c, x, `${name}.q_proj`, width, width), g.scalar(1 / Math.sqrt(headDim))]);
  const k = randomLinear(c, x, `${name}.k_proj`, width, width);
  const v = randomLinear(c, x, `${name}.v_proj`, width, width);
  const qh = g.node('Transpose', [g.node('Reshape', [q, split])], { perm: { ints: [0, 2, 1, 3] } });
  const kt = g.node('Transpose', [g.node('Reshape', [k, split])], { perm: { ints: [0, 2, 3, 1] } });
  const vh = g.node('Transpose', [g.node('Reshape', [v, split])], { perm: { ints: [0, 2, 1, 3] } });
  const weights = g.node('Softmax', [g.node('MatMul', [qh, kt])], { axis: { i: -1 } });
  const context = g.node('Transpose', [g.node('MatMul', [weights, vh])], { perm: { ints: [0, 2, 1, 3] } });
  const merged = g.node('Reshape', [context, g.int64s([0, 0, width])]);
  return randomLinear(c, merged, `${name}.out_proj`, width, width);
}

function mlp(c: BlockContext, x: string, name: string): string {
  const { g, config } = c;
  const hidden = randomLinear(c, x, `${name}.fc1`, config.width, 4 * config.width);
  const gate = g.node('Sigmoid', [g.node('Mul', [hidden, g.scalar(1.702)])]);
  return randomLinear(c, g.node('Mul', [hidden, gate]), `${name}.fc2`, 4 * config.width, config.width);
}

function block(c: BlockContext, x: string, name: string): string {
  const { g, config } = c;
  const afterAttention = g.node('Add', [x, attention(c, layerNorm(g, x, `${name}.layer_norm1`, config.width), `${name}.self_attn`)]);
  const mlpOut = mlp(c, layerNorm(g, afterAttention, `${name}.layer_norm2`, config.width), `${name}.mlp`);
  return g.node('Add', [afterAttention, mlpOut]);
}

/** Builds the vision transformer. Outputs `image_embeds` [N, projDim] and `class_tokens` [N, layers, width]. */
export function buildClipVit(config: VitConfig, seed: number, weights: WeightFormat = float32Weights): GraphBuilder {
  const { patch, width, layers } = config;
  if (IMAGE_SIZE % patch !== 0 || width % config.heads !== 0) throw new Error('inconsistent ViT configuration');
  const grid = IMAGE_SIZE / patch;
  const tokens = grid * grid + 1;
  const g = new GraphBuilder();
  const rng = new Random(seed);
  const c: BlockContext = { g, rng, weights, config };
  const prefix = 'vision_model';

  const pixels = g.input('pixel_values', DataType.FLOAT, ['batch', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const patchWeight = rng.normals(width * 3 * patch * patch, 1 / Math.sqrt(3 * patch * patch));
  const patches = g.node(
    'Conv',
    [pixels, g.initializer(`${prefix}.embeddings.patch_embedding.weight`, [width, 3, patch, patch], patchWeight)],
    { kernel_shape: { ints: [patch, patch] }, strides: { ints: [patch, patch] } },
  );
  const patchTokens = g.node('Transpose', [g.node('Reshape', [patches, g.int64s([0, width, grid * grid])])], {
    perm: { ints: [0, 2, 1] },
  });

  // The class embedding is broadcast to [N, 1, width]; N is known only at run time.
  const batch = g.node('Shape', [pixels], { start: { i: 0 }, end: { i: 1 } });
  const classShape = g.node('Concat', [batch, g.int64s([1, 1])], { axis: { i: 0 } });
  const classEmbedding = g.initializer(`${prefix}.embeddings.class_embedding`, [1, 1, width], rng.normals(width, 1));
  const classToken = g.node('Expand', [classEmbedding, classShape]);
  const sequence = g.node('Concat', [classToken, patchTokens], { axis: { i: 1 } });
  const positions = g.initializer(`${prefix}.embeddings.position_embedding.weight`, [tokens, width], rng.normals(tokens * width, POSITION_STD));
  let x = layerNorm(g, g.node('Add', [sequence, positions]), `${prefix}.pre_layrnorm`, width);

  const classTokens: string[] = [];
  for (let i = 0; i < layers; i++) {
    x = block(c, x, `${prefix}.encoder.layers.${i}`);
    classTokens.push(g.node('Slice', [x, g.int64s([0]), g.int64s([1]), g.int64s([1])]));
  }
  const stacked = g.node('Concat', classTokens, { axis: { i: 1 } }, 'class_tokens');
  g.output(stacked, DataType.FLOAT, ['batch', layers, width]);

  const pooled = g.node('Gather', [x, g.initializer('class_index', [], BigInt64Array.of(0n))], { axis: { i: 1 } });
  const normed = layerNorm(g, pooled, `${prefix}.post_layernorm`, width);
  const projection = g.initializer('visual_projection.weight', [width, config.projDim], rng.normals(width * config.projDim, 1 / Math.sqrt(width)));
  const embeds = g.node('MatMul', [normed, projection], {}, 'image_embeds');
  g.output(embeds, DataType.FLOAT, ['batch', config.projDim]);
  return g;
}
