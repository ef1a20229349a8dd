import { ProtoWriter, varintLength } from './protobuf';

/**
 * An ONNX graph built node by node, whose initializers (the weights) are produced only when the model is
 * written, one at a time, straight to a sink: a ViT-L/14 is written holding one weight matrix, not the
 * model. Field numbers are onnx.proto's.
 */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

const ITEM_BYTES: Record<DataTypeCode, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 10: 2 };

/** A dimension of an input or output: a size, or a name for a size known only at run time. */
export type Dim = number | string;

/** Attribute values, tagged by AttributeProto's field so an int 1 is never mistaken for a float 1. */
export type Attr = { i: number } | { f: number } | { ints: readonly number[] } | { s: string };

export type TensorData = Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array | Uint16Array;

interface Initializer {
  name: string;
  dims: number[];
  type: DataTypeCode;
  produce(): TensorData | Promise<TensorData>;
}

export interface ModelInfo {
  /** IR version 8 goes with opset 17 (onnx/docs/Versioning.md). */
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  metadata: Record<string, string>;
}

/** Where a model's bytes go, in order. */
export type Sink = (chunk: Uint8Array) => Promise<void> | void;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function rawBytes(data: TensorData): Uint8Array {
  if (!littleEndian) throw new Error('writing ONNX raw_data needs a little-endian machine');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function valueInfo(name: string, elemType: DataTypeCode, shape: readonly Dim[]): ProtoWriter {
  const dims = new ProtoWriter();
  for (const d of shape) dims.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, elemType).message(2, dims);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}

function attribute(name: string, value: Attr): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if ('i' in value) return a.int(3, value.i).int(20, 2);
  if ('f' in value) return a.float(2, value.f).int(20, 1);
  if ('ints' in value) {
    for (const v of value.ints) a.int(8, v);
    return a.int(20, 7);
  }
  return a.string(4, value.s).int(20, 3);
}

/** TensorProto up to raw_data's length: dims (1), data_type (2), name (8), then raw_data (9)'s header. */
function tensorHeader(t: Initializer, byteLength: number): Uint8Array {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type).string(8, t.name).header(9, byteLength);
  return w.finish();
}

function byteLengthOf(t: Initializer): number {
  return t.dims.reduce((a, b) => a * b, 1) * ITEM_BYTES[t.type];
}

export class GraphBuilder {
  private readonly nodes: Uint8Array[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly inputs: Uint8Array[] = [];
  private readonly outputs: Uint8Array[] = [];
  private readonly names = new Set<string>();
  private readonly int64Constants = new Map<string, string>();
  private counter = 0;
  parameterCount = 0;

  fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`duplicate ONNX value name ${name}`);
    this.names.add(name);
    return name;
  }

  input(name: string, elemType: DataTypeCode, shape: readonly Dim[]): string {
    this.inputs.push(valueInfo(this.claim(name), elemType, shape).finish());
    return name;
  }

  output(value: string, elemType: DataTypeCode, shape: readonly Dim[]): void {
    this.outputs.push(valueInfo(value, elemType, shape).finish());
  }

  /** A weight whose values `produce` gives when the model is written (called once, in graph order). */
  deferred(name: string, dims: readonly number[], type: DataTypeCode, produce: () => TensorData | Promise<TensorData>): string {
    this.initializers.push({ name: this.claim(name), dims: [...dims], type, produce });
    this.parameterCount += dims.reduce((a, b) => a * b, 1);
    return name;
  }

  initializer(name: string, dims: readonly number[], data: TensorData): string {
    const type: DataTypeCode =
      data instanceof Float32Array ? DataType.FLOAT
      : data instanceof BigInt64Array ? DataType.INT64
      : data instanceof Int32Array ? DataType.INT32
      : data instanceof Int8Array ? DataType.INT8
      : data instanceof Uint16Array ? DataType.FLOAT16
      : DataType.UINT8;
    if (dims.reduce((a, b) => a * b, 1) !== data.length) throw new Error(`initializer ${name}: dims ${dims.join('x')} but ${data.length} values`);
    return this.deferred(name, dims, type, () => data);
  }

  int64s(values: readonly number[]): string {
    const key = values.join(',');
    const known = this.int64Constants.get(key);
    if (known !== undefined) return known;
    const name = this.initializer(this.fresh('const_i64'), [values.length], BigInt64Array.from(values, (v) => BigInt(v)));
    this.int64Constants.set(key, name);
    return name;
  }

  scalar(value: number): string {
    return this.initializer(this.fresh('const_f32'), [], Float32Array.of(value));
  }

  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.nodeWithOutputs(opType, inputs, 1, attrs, output === undefined ? undefined : [output])[0]!;
  }

  nodeWithOutputs(opType: string, inputs: readonly string[], count: number, attrs: Record<string, Attr> = {}, outputs?: readonly string[]): string[] {
    const outs = Array.from({ length: count }, (_, i) => this.claim(outputs?.[i] ?? this.fresh(opType.toLowerCase())));
    const n = new ProtoWriter();
    for (const i of inputs) n.string(1, i);
    for (const o of outs) n.string(2, o);
    n.string(3, `${opType}_${this.nodes.length}`).string(4, opType);
    for (const [k, v] of Object.entries(attrs)) n.message(5, attribute(k, v));
    this.nodes.push(n.finish());
    return outs;
  }

  /**
   * Writes the model to `sink`: everything but the weights is computed first, then each initializer is
   * produced, written and dropped. The same graph and weights give the same bytes. `onSize` learns the
   * file's size before its first byte, so a host that must hold the file can allocate it once.
   */
  async write(graphName: string, info: ModelInfo, sink: Sink, onSize?: (bytes: number) => void): Promise<number> {
    const head = new ProtoWriter();
    for (const n of this.nodes) head.bytes(1, n);
    head.string(2, graphName);
    const headBytes = head.finish();
    const tail = new ProtoWriter();
    for (const i of this.inputs) tail.bytes(11, i);
    for (const o of this.outputs) tail.bytes(12, o);
    const tailBytes = tail.finish();
    const headers = this.initializers.map((t) => tensorHeader(t, byteLengthOf(t)));
    let graphLength = headBytes.length + tailBytes.length;
    this.initializers.forEach((t, i) => {
      const inner = headers[i]!.length + byteLengthOf(t);
      graphLength += 1 + varintLength(inner) + inner;
    });
    const model = new ProtoWriter()
      .int(1, info.irVersion)
      .string(2, info.producerName)
      .string(3, info.producerVersion)
      .string(6, info.docString)
      .message(8, new ProtoWriter().string(1, '').int(2, info.opset));
    for (const [key, value] of Object.entries(info.metadata)) model.message(14, new ProtoWriter().string(1, key).string(2, value));
    model.header(7, graphLength);
    const modelHead = model.finish();
    onSize?.(modelHead.length + graphLength);
    let written = 0;
    const emit = async (b: Uint8Array): Promise<void> => {
      written += b.length;
      await sink(b);
    };
    await emit(modelHead);
    await emit(headBytes);
    for (let i = 0; i < this.initializers.length; i++) {
      const t = this.initializers[i]!;
      const data = rawBytes(await t.produce());
      if (data.length !== byteLengthOf(t)) throw new Error(`initializer ${t.name}: ${data.length} bytes for dims ${t.dims.join('x')}`);
      const header = headers[i]!;
      await emit(new ProtoWriter().header(5, header.length + data.length).finish());
      await emit(header);
      await emit(data);
    }
    await emit(tailBytes);
    return written;
  }
}

/** Writes to memory: for small models and tests. */
export async function writeToBytes(graph: GraphBuilder, graphName: string, info: ModelInfo): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const total = await graph.write(graphName, info, (c) => {
    chunks.push(c.slice());
  });
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
