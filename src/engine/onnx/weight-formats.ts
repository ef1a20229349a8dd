import { DataType, type GraphBuilder } from './graph';
import { toHalf } from './float16';
import { quantizePerChannel, quantizePerTensor, type QuantizedWeights } from './quantize';

/**
 * How weights land in the graph. A weight is given as a function that produces it when the model is
 * written (so a converter reads it from the checkpoint only then), always as float32 [in, out].
 *
 * - float32: MatMul + Add.
 * - float16: weights stored as half and cast to float32 in the graph, so the file is half the size and
 *   the arithmetic stays float32 (onnxruntime folds the casts when it loads the model).
 * - int8 (per channel): onnxruntime's quantize_dynamic graph, which its optimiser fuses into
 *   DynamicQuantizeMatMul in onnxruntime-node and onnxruntime-web alike:
 *     x ─ DynamicQuantizeLinear ─┬─ MatMulInteger(xq, Wq, xzp, 0) ─ Cast(float) ─ Mul ─ Add(bias)
 *                                └─ Mul(x_scale, W_scale) ─────────────────────────┘
 *   Other weights (patch embedding, norms, embeddings) stay float32.
 */
export type Produce = () => Float32Array | Promise<Float32Array>;

export interface WeightFormat {
  id: 'float32' | 'float16' | 'int8' | 'int8-per-tensor';
  /** A float weight that is not a linear layer's (norms, embeddings, the patch convolution). */
  constant(g: GraphBuilder, name: string, dims: readonly number[], produce: Produce): string;
  linear(g: GraphBuilder, x: string, name: string, inDim: number, outDim: number, weight: Produce, bias?: Produce): string;
}

const float32Constant = (g: GraphBuilder, name: string, dims: readonly number[], produce: Produce): string =>
  g.deferred(name, dims, DataType.FLOAT, produce);

export const float32Weights: WeightFormat = {
  id: 'float32',
  constant: float32Constant,
  linear(g, x, name, inDim, outDim, weight, bias) {
    const y = g.node('MatMul', [x, g.deferred(`${name}.weight`, [inDim, outDim], DataType.FLOAT, weight)]);
    return bias === undefined ? y : g.node('Add', [y, g.deferred(`${name}.bias`, [outDim], DataType.FLOAT, bias)]);
  },
};

function halfConstant(g: GraphBuilder, name: string, dims: readonly number[], produce: Produce): string {
  const stored = g.deferred(`${name}.float16`, dims, DataType.FLOAT16, async () => toHalf(await produce()));
  return g.node('Cast', [stored], { to: { i: DataType.FLOAT } }, name);
}

export const float16Weights: WeightFormat = {
  id: 'float16',
  constant: halfConstant,
  linear(g, x, name, inDim, outDim, weight, bias) {
    const y = g.node('MatMul', [x, halfConstant(g, `${name}.weight`, [inDim, outDim], weight)]);
    return bias === undefined ? y : g.node('Add', [y, halfConstant(g, `${name}.bias`, [outDim], bias)]);
  },
};

function quantizedLinear(quantize: (w: Float32Array, i: number, o: number) => QuantizedWeights, id: WeightFormat['id']): WeightFormat {
  return {
    id,
    constant: float32Constant,
    linear(g, x, name, inDim, outDim, weight, bias) {
      // The values and their scales are written one after the other: quantised once, kept until both are out.
      let pending: Promise<QuantizedWeights> | undefined;
      const quantized = (): Promise<QuantizedWeights> => (pending ??= Promise.resolve(weight()).then((w) => quantize(w, inDim, outDim)));
      const perChannel = id === 'int8';
      const [xq, xScale, xZero] = g.nodeWithOutputs('DynamicQuantizeLinear', [x], 3) as [string, string, string];
      const w = g.deferred(`${name}.weight_quantized`, [inDim, outDim], DataType.INT8, async () => (await quantized()).values);
      const wZero = g.initializer(`${name}.weight_zero_point`, perChannel ? [outDim] : [], new Int8Array(perChannel ? outDim : 1));
      const wScale = g.deferred(`${name}.weight_scale`, perChannel ? [outDim] : [], DataType.FLOAT, async () => {
        const { scales } = await quantized();
        pending = undefined;
        return scales;
      });
      const product = g.node('MatMulInteger', [xq, w, xZero, wZero]);
      const scale = g.node('Mul', [xScale, wScale]);
      const y = g.node('Mul', [g.node('Cast', [product], { to: { i: DataType.FLOAT } }), scale]);
      return bias === undefined ? y : g.node('Add', [y, g.deferred(`${name}.bias`, [outDim], DataType.FLOAT, bias)]);
    },
  };
}

export const int8Weights = quantizedLinear(quantizePerChannel, 'int8');
/** quantize_dynamic's default, kept for measurements that compare with it; never for converted encoders. */
export const int8PerTensorWeights = quantizedLinear(quantizePerTensor, 'int8-per-tensor');

export const WEIGHT_FORMATS = { float32: float32Weights, float16: float16Weights, int8: int8Weights } as const;
export type WeightFormatName = keyof typeof WEIGHT_FORMATS;
