// A minimal ONNX graph builder and writer for the project's model generators. It writes through
// protobufjs from build/onnx.proto, so the bytes follow ONNX's official field numbers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** TensorProto.DataType values (onnx.proto). */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** A dimension of a graph input or output: a size, or a name for a size fixed only at run time. */
export type Dim = number | string;

/** Attribute values, tagged by AttributeProto's field so an int 1 is never mistaken for a float 1. */
export type Attr = { i: number } | { f: number } | { ints: readonly number[] } | { s: string };

type TensorData = Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;

interface TensorMessage {
  name: string;
  dims: number[];
  data_type: DataTypeCode;
  raw_data: Uint8Array;
}

interface NodeMessage {
  input: string[];
  output: string[];
  name: string;
  op_type: string;
  attribute: Record<string, unknown>[];
}

interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: DataTypeCode; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}

function dataTypeOf(data: TensorData): DataTypeCode {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof BigInt64Array) return DataType.INT64;
  if (data instanceof Int32Array) return DataType.INT32;
  if (data instanceof Int8Array) return DataType.INT8;
  return DataType.UINT8;
}

// raw_data must be little-endian; the typed arrays are in the machine's order, so refuse to write
// anything else rather than write a model that loads with garbage weights.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function rawBytes(data: TensorData): Uint8Array {
  if (!littleEndian) throw new Error('writing ONNX raw_data needs a little-endian machine');
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function valueInfo(name: string, elemType: DataTypeCode, shape: readonly Dim[]): ValueInfoMessage {
  const dim = shape.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
  return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
}

function attribute(name: string, value: Attr): Record<string, unknown> {
  if ('i' in value) return { name, type: 2, i: value.i };
  if ('f' in value) return { name, type: 1, f: value.f };
  if ('ints' in value) return { name, type: 7, ints: [...value.ints] };
  return { name, type: 3, s: new TextEncoder().encode(value.s) };
}

export class GraphBuilder {
  private readonly nodes: NodeMessage[] = [];
  private readonly initializers: TensorMessage[] = [];
  private readonly inputs: ValueInfoMessage[] = [];
  private readonly outputs: ValueInfoMessage[] = [];
  private readonly names = new Set<string>();
  private readonly int64Constants = new Map<string, string>();
  private counter = 0;

  /** An unused value name with a readable prefix (claimed by whoever produces the value). */
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
    this.inputs.push(valueInfo(this.claim(name), elemType, shape));
    return name;
  }

  /** Declares `value` (already produced by a node) as a graph output. */
  output(value: string, elemType: DataTypeCode, shape: readonly Dim[]): void {
    this.outputs.push(valueInfo(value, elemType, shape));
  }

  initializer(name: string, dims: readonly number[], data: TensorData): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new Error(`initializer ${name}: dims ${dims.join('x')} but ${data.length} values`);
    this.initializers.push({ name: this.claim(name), dims: [...dims], data_type: dataTypeOf(data), raw_data: rawBytes(data) });
    return name;
  }

  /** An int64 vector constant (shapes, axes), shared between the nodes that use the same values. */
  int64s(values: readonly number[]): string {
    const key = values.join(',');
    const known = this.int64Constants.get(key);
    if (known !== undefined) return known;
    const name = this.initializer(this.fresh('const_i64'), [values.length], BigInt64Array.from(values, (v) => BigInt(v)));
    this.int64Constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant. */
  scalar(value: number): string {
    return this.initializer(this.fresh('const_f32'), [], Float32Array.of(value));
  }

  /** Appends a single-output node (nodes must be added in topological order) and returns its output. */
  node(opType: string, inputs: readonly string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.nodeWithOutputs(opType, inputs, 1, attrs, output === undefined ? undefined : [output])[0]!;
  }

  /** Appends a node with `count` outputs (DynamicQuantizeLinear has three) and returns them in order. */
  nodeWithOutputs(opType: string, inputs: readonly string[], count: number, attrs: Record<string, Attr> = {}, outputs?: readonly string[]): string[] {
    const outs = Array.from({ length: count }, (_, i) => this.claim(outputs?.[i] ?? this.fresh(opType.toLowerCase())));
    this.nodes.push({
      input: [...inputs],
      output: outs,
      name: `${opType}_${this.nodes.length}`,
      op_type: opType,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** The parameter count of the initializers, for reports. */
  get parameterCount(): number {
    return this.initializers.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
  }

  graphMessage(name: string): Record<string, unknown> {
    return { node: this.nodes, name, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }
}

export interface ModelInfo {
  /** IR version 8 is the one that goes with opset 17 (onnx/docs/Versioning.md). */
  irVersion: number;
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  metadata: Record<string, string>;
}

let modelType: protobuf.Type | undefined;

function modelProtoType(): protobuf.Type {
  if (modelType === undefined) {
    const source = readFileSync(fileURLToPath(new URL('./onnx.proto', import.meta.url)), 'utf8');
    // keepCase: the messages above use onnx.proto's own snake_case field names.
    const { root } = protobuf.parse(source, { keepCase: true });
    modelType = root.lookupType('onnx.ModelProto');
  }
  return modelType;
}

/** Serialises the graph as an ONNX model. Same graph, same bytes: no timestamps, no random ids. */
export function encodeModel(graph: GraphBuilder, graphName: string, info: ModelInfo): Uint8Array {
  const type = modelProtoType();
  const message = type.fromObject({
    ir_version: info.irVersion,
    opset_import: [{ domain: '', version: info.opset }],
    producer_name: info.producerName,
    producer_version: info.producerVersion,
    doc_string: info.docString,
    graph: graph.graphMessage(graphName),
    metadata_props: Object.entries(info.metadata).map(([key, value]) => ({ key, value })),
  });
  return type.encode(message).finish();
}

export interface DecodedTensor {
  dims: number[];
  data: Float32Array;
}

/** The float32 initializers of a model written by encodeModel, by name: for checks against a reference. */
export function readFloatInitializers(model: Uint8Array): Map<string, DecodedTensor> {
  const type = modelProtoType();
  const decoded = type.toObject(type.decode(model), { longs: Number }) as {
    graph?: { initializer?: { name: string; dims?: number[]; data_type: number; raw_data?: Uint8Array }[] };
  };
  const out = new Map<string, DecodedTensor>();
  for (const t of decoded.graph?.initializer ?? []) {
    if (t.data_type !== DataType.FLOAT || t.raw_data === undefined) continue;
    // A copy: protobufjs hands out views into the file's buffer, not aligned for a Float32Array.
    const bytes = new Uint8Array(t.raw_data);
    out.set(t.name, { dims: t.dims ?? [], data: new Float32Array(bytes.buffer, 0, bytes.byteLength / 4) });
  }
  return out;
}
