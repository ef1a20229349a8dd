/**
 * Symmetric int8 weights (zero point 0, as onnxruntime's quantize_dynamic writes QInt8 weights). Per
 * channel, one scale per output column, is what converted encoders use: one scale per tensor is known to
 * cost a public ViT-L/14 export most of its accuracy (cosine near 0.96 from float32).
 */
export interface QuantizedWeights {
  /** in × out, row-major like the float weight. */
  values: Int8Array;
  /** One scale (per tensor) or one per output column (per channel). */
  scales: Float32Array;
}

function quantizeWith(weight: Float32Array, inDim: number, outDim: number, scaleOf: (column: number) => number): Int8Array {
  const values = new Int8Array(inDim * outDim);
  for (let i = 0; i < inDim; i++) {
    for (let o = 0; o < outDim; o++) {
      const q = Math.round(weight[i * outDim + o]! / scaleOf(o));
      values[i * outDim + o] = Math.max(-127, Math.min(127, q));
    }
  }
  return values;
}

/** One scale for the whole tensor: max |w| maps to 127. */
export function quantizePerTensor(weight: Float32Array, inDim: number, outDim: number): QuantizedWeights {
  let max = 0;
  for (const w of weight) max = Math.max(max, Math.abs(w));
  const scale = Math.fround(max > 0 ? max / 127 : 1);
  return { values: quantizeWith(weight, inDim, outDim, () => scale), scales: Float32Array.of(scale) };
}

/** One scale per output column, which keeps small columns from rounding to zero. */
export function quantizePerChannel(weight: Float32Array, inDim: number, outDim: number): QuantizedWeights {
  const scales = new Float32Array(outDim);
  for (let i = 0; i < inDim; i++) {
    for (let o = 0; o < outDim; o++) scales[o] = Math.max(scales[o]!, Math.abs(weight[i * outDim + o]!));
  }
  for (let o = 0; o < outDim; o++) scales[o] = scales[o]! > 0 ? scales[o]! / 127 : 1;
  return { values: quantizeWith(weight, inDim, outDim, (o) => scales[o]!), scales };
}
