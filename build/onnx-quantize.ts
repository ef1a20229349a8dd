// Int8 linear layers in the graph onnxruntime's quantize_dynamic writes: weights stored as int8 with a
// float scale (zero point 0, symmetric, as quantize_dynamic does for QInt8 weights), activations quantised
// at run time to uint8 by DynamicQuantizeLinear, an integer matmul, and one multiply by both scales:
//
//   x ─ DynamicQuantizeLinear ─┬─ MatMulInteger(xq, Wq, xzp, 0) ─ Cast(float) ─ Mul ─ Add(bias)
//                              └─ Mul(x_scale, W_scale) ─────────────────────────┘
//
// onnxruntime's graph optimiser (level "extended" and up) fuses exactly this into its DynamicQuantizeMatMul
// kernel (DynamicQuantizeMatMulFusion), in onnxruntime-node and in onnxruntime-web's WASM build alike.
import type { GraphBuilder } from './onnx-graph';
import type { WeightFormat } from './onnx-clip-vit';

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

/** Symmetric int8 with one scale for the whole tensor: max |w| maps to 127. */
export function quantizePerTensor(weight: Float32Array, inDim: number, outDim: number): QuantizedWeights {
  let max = 0;
  for (const w of weight) max = Math.max(max, Math.abs(w));
  const scale = Math.fround(max > 0 ? max / 127 : 1);
  return { values: quantizeWith(weight, inDim, outDim, () => scale), scales: Float32Array.of(scale) };
}

/** Symmetric int8 with one scale per output column, which keeps small columns from rounding to zero. */
export function quantizePerChannel(weight: Float32Array, inDim: number, outDim: number): QuantizedWeights {
  const scales = new Float32Array(outDim);
  for (let i = 0; i < inDim; i++) {
    for (let o = 0; o < outDim; o++) scales[o] = Math.max(scales[o]!, Math.abs(weight[i * outDim + o]!));
  }
  for (let o = 0; o < outDim; o++) scales[o] = scales[o]! > 0 ? scales[o]! / 127 : 1;
  return { values: quantizeWith(weight, inDim, outDim, (o) => scales[o]!), scales };
}

/** The quantize_dynamic subgraph above for one linear layer, given already quantised weights. */
export function dynamicQuantizedLinear(g: GraphBuilder, x: string, name: string, q: QuantizedWeights, inDim: number, outDim: number, bias?: Float32Array): string {
  const [xq, xScale, xZero] = g.nodeWithOutputs('DynamicQuantizeLinear', [x], 3) as [string, string, string];
  const weight = g.initializer(`${name}.weight_quantized`, [inDim, outDim], q.values);
  const perChannel = q.scales.length > 1;
  const zeroDims = perChannel ? [outDim] : [];
  const weightZero = g.initializer(`${name}.weight_zero_point`, zeroDims, new Int8Array(perChannel ? outDim : 1));
  const weightScale = g.initializer(`${name}.weight_scale`, perChannel ? [outDim] : [], q.scales);
  const product = g.node('MatMulInteger', [xq, weight, xZero, weightZero]);
  const scale = g.node('Mul', [xScale, weightScale]);
  const y = g.node('Mul', [g.node('Cast', [product], { to: { i: 1 } }), scale]);
  return bias === undefined ? y : g.node('Add', [y, g.initializer(`${name}.bias`, [outDim], bias)]);
}

/** quantize_dynamic's default: int8 weights with one scale per tensor. */
export const int8Weights: WeightFormat = {
  id: 'int8',
  linear(g, x, name, weight, inDim, outDim, bias) {
    return dynamicQuantizedLinear(g, x, name, quantizePerTensor(weight, inDim, outDim), inDim, outDim, bias);
  },
};

/** quantize_dynamic with per_channel=True: int8 weights with one scale per output column. */
export const int8PerChannelWeights: WeightFormat = {
  id: 'int8pc',
  linear(g, x, name, weight, inDim, outDim, bias) {
    return dynamicQuantizedLinear(g, x, name, quantizePerChannel(weight, inDim, outDim), inDim, outDim, bias);
  },
};
