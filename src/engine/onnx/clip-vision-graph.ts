import { DataType, GraphBuilder } from './graph';
import type { FeatureSource } from '../types';
import type { Produce, WeightFormat } from './weight-formats';

/**
 * CLIP's vision transformer as one ONNX graph, for test encoders (random weights) and converted
 * checkpoints alike: patch convolution, class token, positions, pre-norm, pre-LN blocks, post-norm of the
 * class token, projection. Outputs `image_embeds` [N, E] (projected), `pooled` [N, W] (the class token
 * after the final layer norm, before the projection) and `class_tokens` [N, L, W] (the class token after
 * each block).
 */
export interface ClipVisionArchitecture {
  imageSize: number;
  patch: number;
  width: number;
  layers: number;
  heads: number;
  /** The projection's output size. */
  embedDim: number;
  /** QuickGELU (x·σ(1.702x): OpenAI's weights, OpenCLIP's -quickgelu models) or GELU (erf). */
  activation: 'quickgelu' | 'gelu';
}

/**
 * The weights by canonical name, float32, in PyTorch's layouts (a linear layer's weight is [out, in]):
 * patch_embedding [W,3,P,P], class_embedding [W], position_embedding [T,W], pre_norm.*, layers.I.norm1.*,
 * layers.I.{q,k,v,out,fc1,fc2}.{weight,bias}, layers.I.norm2.*, post_norm.*, projection [E,W].
 */
export type WeightSource = (name: string) => Promise<Float32Array>;

const LN_EPSILON = 1e-5;

/** [out, in] row-major to [in, out], for MatMul. */
export function transpose(w: Float32Array, outDim: number, inDim: number): Float32Array {
  if (w.length !== outDim * inDim) throw new Error(`a ${outDim} × ${inDim} weight with ${w.length} values`);
  const t = new Float32Array(w.length);
  for (let o = 0; o < outDim; o++) for (let i = 0; i < inDim; i++) t[i * outDim + o] = w[o * inDim + i]!;
  return t;
}

export function checkArchitecture(a: ClipVisionArchitecture): void {
  const whole = (n: number): boolean => Number.isInteger(n) && n > 0;
  if (![a.imageSize, a.patch, a.width, a.layers, a.heads, a.embedDim].every(whole)) throw new Error('a CLIP architecture needs positive whole sizes');
  if (a.imageSize % a.patch !== 0) throw new Error(`image size ${a.imageSize} is not a multiple of the patch size ${a.patch}`);
  if (a.width % a.heads !== 0) throw new Error(`width ${a.width} does not split into ${a.heads} heads`);
}

export function buildClipVision(a: ClipVisionArchitecture, weights: WeightSource, format: WeightFormat): GraphBuilder {
  checkArchitecture(a);
  const { imageSize, patch, width, layers, heads } = a;
  const grid = imageSize / patch;
  const tokens = grid * grid + 1;
  const headDim = width / heads;
  const g = new GraphBuilder();
  const get = (name: string, length: number): Produce => async () => {
    const w = await weights(name);
    if (w.length !== length) throw new Error(`${name} has ${w.length} values, the architecture wants ${length}`);
    return w;
  };
  const linearT = (name: string, outDim: number, inDim: number): Produce => async () => transpose(await get(`${name}.weight`, outDim * inDim)(), outDim, inDim);
  const linear = (x: string, name: string, inDim: number, outDim: number): string =>
    format.linear(g, x, name, inDim, outDim, linearT(name, outDim, inDim), get(`${name}.bias`, outDim));
  const layerNorm = (x: string, name: string): string =>
    g.node('LayerNormalization', [x, format.constant(g, `${name}.weight`, [width], get(`${name}.weight`, width)), format.constant(g, `${name}.bias`, [width], get(`${name}.bias`, width))], {
      axis: { i: -1 },
      epsilon: { f: LN_EPSILON },
    });

  const pixels = g.input('pixel_values', DataType.FLOAT, ['batch', 3, imageSize, imageSize]);
  const patchWeight = format.constant(g, 'patch_embedding', [width, 3, patch, patch], get('patch_embedding', width * 3 * patch * patch));
  const patches = g.node('Conv', [pixels, patchWeight], { kernel_shape: { ints: [patch, patch] }, strides: { ints: [patch, patch] } });
  const patchTokens = g.node('Transpose', [g.node('Reshape', [patches, g.int64s([0, width, grid * grid])])], { perm: { ints: [0, 2, 1] } });
  // The class embedding is broadcast to [N, 1, W]; N is known only at run time.
  const batch = g.node('Shape', [pixels], { start: { i: 0 }, end: { i: 1 } });
  const classShape = g.node('Concat', [batch, g.int64s([1, 1])], { axis: { i: 0 } });
  const classEmbedding = g.node('Reshape', [format.constant(g, 'class_embedding', [width], get('class_embedding', width)), g.int64s([1, 1, width])]);
  const sequence = g.node('Concat', [g.node('Expand', [classEmbedding, classShape]), patchTokens], { axis: { i: 1 } });
  const positions = format.constant(g, 'position_embedding', [tokens, width], get('position_embedding', tokens * width));
  let x = layerNorm(g.node('Add', [sequence, positions]), 'pre_norm');

  const split = g.int64s([0, 0, heads, headDim]);
  const scale = g.scalar(1 / Math.sqrt(headDim));
  const classTokens: string[] = [];
  for (let i = 0; i < layers; i++) {
    const name = `layers.${i}`;
    const h = layerNorm(x, `${name}.norm1`);
    // Scaling q rather than the scores, as CLIPAttention and nn.MultiheadAttention do.
    const q = g.node('Mul', [linear(h, `${name}.q`, width, width), scale]);
    const k = linear(h, `${name}.k`, width, width);
    const v = linear(h, `${name}.v`, width, width);
    const qh = g.node('Transpose', [g.node('Reshape', [q, split])], { perm: { ints: [0, 2, 1, 3] } });
    const kt = g.node('Transpose', [g.node('Reshape', [k, split])], { perm: { ints: [0, 2, 3, 1] } });
    const vh = g.node('Transpose', [g.node('Reshape', [v, split])], { perm: { ints: [0, 2, 1, 3] } });
    const attention = g.node('Softmax', [g.node('MatMul', [qh, kt])], { axis: { i: -1 } });
    const context = g.node('Transpose', [g.node('MatMul', [attention, vh])], { perm: { ints: [0, 2, 1, 3] } });
    const merged = g.node('Reshape', [context, g.int64s([0, 0, width])]);
    x = g.node('Add', [x, linear(merged, `${name}.out`, width, width)]);
    const hidden = linear(layerNorm(x, `${name}.norm2`), `${name}.fc1`, width, 4 * width);
    x = g.node('Add', [x, linear(activation(g, hidden, a.activation), `${name}.fc2`, 4 * width, width)]);
    classTokens.push(g.node('Slice', [x, g.int64s([0]), g.int64s([1]), g.int64s([1])]));
  }
  g.output(g.node('Concat', classTokens, { axis: { i: 1 } }, 'class_tokens'), DataType.FLOAT, ['batch', layers, width]);
  const last = g.node('Gather', [x, g.initializer('class_index', [], BigInt64Array.of(0n))], { axis: { i: 1 } });
  const pooled = g.node('Identity', [layerNorm(last, 'post_norm')], {}, 'pooled');
  g.output(pooled, DataType.FLOAT, ['batch', width]);
  const projection = format.linear(g, pooled, 'projection', width, a.embedDim, linearT('projection', a.embedDim, width));
  g.output(g.node('Identity', [projection], {}, 'image_embeds'), DataType.FLOAT, ['batch', a.embedDim]);
  return g;
}

function activation(g: GraphBuilder, x: string, kind: ClipVisionArchitecture['activation']): string {
  if (kind === 'quickgelu') return g.node('Mul', [x, g.node('Sigmoid', [g.node('Mul', [x, g.scalar(1.702)])])]);
  // GELU with erf, as torch.nn.GELU() and transformers' "gelu": x · (1 + erf(x / √2)) / 2.
  const erf = g.node('Erf', [g.node('Mul', [x, g.scalar(Math.SQRT1_2)])]);
  return g.node('Mul', [g.node('Mul', [x, g.scalar(0.5)]), g.node('Add', [erf, g.scalar(1)])]);
}

/** What the encoder's outputs give, by feature name: the embedding, the pooled token and every block. */
export function clipFeatures(a: Pick<ClipVisionArchitecture, 'layers' | 'width' | 'embedDim'>): Record<string, FeatureSource> {
  const features: Record<string, FeatureSource> = {
    embedding: { output: 'image_embeds', dim: a.embedDim },
    pooled: { output: 'pooled', dim: a.width },
  };
  for (let i = 1; i <= a.layers; i++) features[`block${i}`] = { output: 'class_tokens', select: i - 1, dim: a.width };
  return features;
}
