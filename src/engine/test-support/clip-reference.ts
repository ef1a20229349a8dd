// CLIP's vision transformer written out directly in TypeScript (float64, one image), from the weights by
// their canonical names (onnx/clip-vision-graph.ts, linear layers [out, in] as PyTorch keeps them): an
// independent check that the ONNX graph computes what CLIP computes (patch embedding, class token,
// pre-LN blocks, QuickGELU, post-LN, projection). Slow; tiny only.
import type { ClipVisionArchitecture } from '../onnx/clip-vision-graph';

export type Weights = Map<string, Float32Array>;
type Rows = Float64Array[];
type VitConfig = ClipVisionArchitecture;

function weight(weights: Weights, name: string): Float32Array {
  const t = weights.get(name);
  if (t === undefined) throw new Error(`no weight ${name}`);
  return t;
}

function layerNorm(x: Rows, weights: Weights, name: string): Rows {
  const gamma = weight(weights, `${name}.weight`);
  const beta = weight(weights, `${name}.bias`);
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    const scale = 1 / Math.sqrt(variance + 1e-5);
    return row.map((v, i) => (v - mean) * scale * (gamma[i] ?? NaN) + (beta[i] ?? NaN));
  });
}

/** x [T, in] times W^T, W [out, in] (+ b). */
function linear(x: Rows, weights: Weights, name: string, outDim: number, withBias = true): Rows {
  const w = weight(weights, `${name}.weight`);
  const b = withBias ? weight(weights, `${name}.bias`) : undefined;
  return x.map((row) => {
    const out = new Float64Array(outDim);
    for (let j = 0; j < outDim; j++) {
      let sum = b?.[j] ?? 0;
      for (let i = 0; i < row.length; i++) sum += (row[i] ?? NaN) * (w[j * row.length + i] ?? NaN);
      out[j] = sum;
    }
    return out;
  });
}

function add(a: Rows, b: Rows): Rows {
  return a.map((row, t) => row.map((v, i) => v + (b[t]?.[i] ?? NaN)));
}

function attention(x: Rows, weights: Weights, name: string, config: VitConfig): Rows {
  const { width, heads } = config;
  const headDim = width / heads;
  const q = linear(x, weights, `${name}.q`, width);
  const k = linear(x, weights, `${name}.k`, width);
  const v = linear(x, weights, `${name}.v`, width);
  const context: Rows = x.map(() => new Float64Array(width));
  for (let h = 0; h < heads; h++) {
    const off = h * headDim;
    for (let t = 0; t < x.length; t++) {
      const scores = k.map((kr) => {
        let dot = 0;
        for (let d = 0; d < headDim; d++) dot += (q[t]?.[off + d] ?? NaN) * (kr[off + d] ?? NaN);
        return dot / Math.sqrt(headDim);
      });
      const max = Math.max(...scores);
      const exps = scores.map((s) => Math.exp(s - max));
      const total = exps.reduce((a, b) => a + b, 0);
      const out = context[t] ?? new Float64Array(width);
      exps.forEach((e, s) => {
        for (let d = 0; d < headDim; d++) out[off + d] = (out[off + d] ?? 0) + (e / total) * (v[s]?.[off + d] ?? NaN);
      });
    }
  }
  return linear(context, weights, `${name}.out`, width);
}

function mlp(x: Rows, weights: Weights, name: string, width: number): Rows {
  const hidden = linear(x, weights, `${name}.fc1`, 4 * width).map((row) => row.map((v) => v / (1 + Math.exp(-1.702 * v))));
  return linear(hidden, weights, `${name}.fc2`, width);
}

/** The features of one CHW image: the embedding and the class token after each block. */
export function clipVitReference(weights: Weights, config: VitConfig, image: Float32Array): { embedding: Float64Array; pooled: Float64Array; classTokens: Float64Array[] } {
  const { patch, width, layers } = config;
  const IMAGE_SIZE = config.imageSize;
  const grid = IMAGE_SIZE / patch;
  const conv = weight(weights, 'patch_embedding');
  const cls = weight(weights, 'class_embedding');
  const pos = weight(weights, 'position_embedding');
  let x: Rows = [Float64Array.from(cls)];
  for (let gy = 0; gy < grid; gy++) {
    for (let gx = 0; gx < grid; gx++) {
      const token = new Float64Array(width);
      for (let o = 0; o < width; o++) {
        let sum = 0;
        for (let c = 0; c < 3; c++) {
          for (let ky = 0; ky < patch; ky++) {
            for (let kx = 0; kx < patch; kx++) {
              const pixel = image[(c * IMAGE_SIZE + gy * patch + ky) * IMAGE_SIZE + gx * patch + kx] ?? NaN;
              sum += pixel * (conv[((o * 3 + c) * patch + ky) * patch + kx] ?? NaN);
            }
          }
        }
        token[o] = sum;
      }
      x.push(token);
    }
  }
  x = x.map((row, t) => row.map((v, i) => v + (pos[t * width + i] ?? NaN)));
  x = layerNorm(x, weights, 'pre_norm');
  const classTokens: Float64Array[] = [];
  for (let l = 0; l < layers; l++) {
    const name = `layers.${l}`;
    x = add(x, attention(layerNorm(x, weights, `${name}.norm1`), weights, name, config));
    x = add(x, mlp(layerNorm(x, weights, `${name}.norm2`), weights, name, width));
    classTokens.push(Float64Array.from(x[0] ?? []));
  }
  const pooled = layerNorm([x[0] ?? new Float64Array(width)], weights, 'post_norm');
  const [embedding] = linear(pooled, weights, 'projection', config.embedDim, false);
  if (embedding === undefined) throw new Error('no embedding');
  return { embedding, pooled: pooled[0]!, classTokens };
}
