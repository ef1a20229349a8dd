// The compute of CLIP's vision transformer, counted from its shape. The welcome page's time per image is
// a timed slice of an encoder (one block at full width and image size) scaled by this count, so that an
// estimate is made on the person's own machine before hundreds of megabytes are downloaded.
import type { ClipVisionArchitecture } from './clip-vision-graph';
import { TEST_CONFIGS } from './test-encoder';

/**
 * Floating-point operations of one image (a multiply-add counts two): the patch convolution, each block's
 * seven matrix products (q, k, v, out: W² each per token; fc1, fc2: 4W² each) and attention's two
 * (scores and weighted sum: T² · W each), and the projection. Norms, softmax and activations are left out,
 * as profilers of these models leave them out.
 */
export function clipVisionFlops(a: ClipVisionArchitecture): number {
  const patches = (a.imageSize / a.patch) ** 2;
  const tokens = patches + 1;
  const W = a.width;
  const patchEmbedding = patches * 3 * a.patch * a.patch * W;
  const block = tokens * 12 * W * W + 2 * tokens * tokens * W;
  return 2 * (patchEmbedding + a.layers * block + W * a.embedDim);
}

/**
 * The weights of CLIP's vision transformer, counted from its shape: what a converted encoder holds, so
 * that its size is known before the checkpoint (whose size OpenAI does not publish) is downloaded.
 */
export function clipVisionParameters(a: ClipVisionArchitecture): number {
  const tokens = (a.imageSize / a.patch) ** 2 + 1;
  const W = a.width;
  const norm = 2 * W;
  // q, k, v and out (W² and a bias each), fc1 (4W² + 4W), fc2 (4W² + W), two norms.
  const block = 4 * (W * W + W) + (4 * W * W + 4 * W) + (4 * W * W + W) + 2 * norm;
  return 3 * a.patch * a.patch * W + W + tokens * W + norm + a.layers * block + norm + W * a.embedDim;
}

/**
 * The shape of a known encoder, by the id the registries give it. Every CLIP ViT of a size has one shape
 * whoever trained it (OpenAI, OpenCLIP's CommonPool.XL) and whatever its weights' format, so the id's size
 * names it; the activation does not change the count.
 */
export function clipArchitectureOf(encoderId: string): ClipVisionArchitecture | undefined {
  const size = /-(b32|b16|l14-336|l14)(?:-|$)/.exec(encoderId)?.[1] as 'b32' | 'b16' | 'l14-336' | 'l14' | undefined;
  return size === undefined ? undefined : TEST_CONFIGS[size];
}
