import type { ClipVisionArchitecture, WeightSource } from './clip-vision-graph';
import { Random } from './random';

/**
 * Seeded random weights for test encoders, by canonical name (onnx/clip-vision-graph.ts), each tensor
 * drawn from its own stream (the seed and the name), so that its values do not depend on the order the
 * graph asks for them. Scales keep activations near unit variance through every layer (1/sqrt(fan_in)),
 * so attention is not uniform and the features depend on the image: with CLIP's own 0.02 on random
 * weights the residual stream is dominated by the class embedding and every image looks alike.
 */
const BIAS_STD = 0.02;
const POSITION_STD = 0.1;

function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function randomClipWeights(a: ClipVisionArchitecture, seed: number): WeightSource {
  const W = a.width;
  const tokens = (a.imageSize / a.patch) ** 2 + 1;
  return async (name) => {
    const rng = new Random(streamSeed(seed, name));
    if (/norm\d?\.weight$/.test(name)) return new Float32Array(W).fill(1);
    if (/norm\d?\.bias$/.test(name)) return new Float32Array(W);
    if (name === 'patch_embedding') return rng.normals(W * 3 * a.patch * a.patch, 1 / Math.sqrt(3 * a.patch * a.patch));
    if (name === 'class_embedding') return rng.normals(W, 1);
    if (name === 'position_embedding') return rng.normals(tokens * W, POSITION_STD);
    if (name === 'projection.weight') return rng.normals(a.embedDim * W, 1 / Math.sqrt(W));
    const linear = /\.(q|k|v|out|fc1|fc2)\.(weight|bias)$/.exec(name);
    if (linear) {
      const [, layer, kind] = linear as unknown as [string, string, string];
      const out = layer === 'fc1' ? 4 * W : W;
      const inDim = layer === 'fc2' ? 4 * W : W;
      return kind === 'bias' ? rng.normals(out, BIAS_STD) : rng.normals(out * inDim, 1 / Math.sqrt(inDim));
    }
    throw new Error(`no random weights for ${name}`);
  };
}
