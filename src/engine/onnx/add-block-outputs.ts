import type { ByteSource } from '../checkpoint';
import { DataType, type Sink } from './graph';
import { ProtoWriter } from './protobuf';
import { fields, readStrings, ProtoFormatError, tensorHead } from './protobuf-reader';

/**
 * Adds `pooled` [N, W] and `class_tokens` [N, L, W] to a CLIP vision export made from transformers'
 * CLIPVisionModelWithProjection with torch.onnx.export (transformers.js's exports): the residual stream
 * after block i is the output of the node torch names `/vision_model/encoder/layers.i/Add_1` (the last
 * Add of the block's own scope), and the pooled token is the output of the last node of
 * `/vision_model/post_layernorm/`. The new nodes slice the class token of each block and join them; the
 * model's own nodes and weights are copied byte for byte, streamed, so a 1.2 GB export is rewritten in
 * small reads and writes.
 */
export interface BlockOutputs {
  layers: number;
  width: number;
  /** Value names read: the residual stream after each block, and the post-norm class token. */
  blocks: string[];
  pooled: string;
  bytes: number;
}

const GRAPH = 7;
const NODE = 1;
const INITIALIZER = 5;
const OUTPUT = 12;
const COPY_CHUNK = 8 << 20;

export class RewriteError extends Error {
  override name = 'RewriteError';
}

/**
 * `width`: the blocks' width; by default read from the post-layernorm weight's shape. `onSize` learns the
 * output's size before its first byte, so a host that must hold it can allocate it once.
 */
export async function addBlockOutputs(source: ByteSource, sink: Sink, width?: number, onSize?: (bytes: number) => void): Promise<BlockOutputs> {
  let graph: { start: number; contentStart: number; end: number } | undefined;
  const top: { start: number; end: number; field: number }[] = [];
  try {
    for await (const f of fields(source, 0, source.size)) {
      top.push(f);
      if (f.field === GRAPH) graph = f;
    }
  } catch (err) {
    if (err instanceof ProtoFormatError) throw new RewriteError(`the file is not an ONNX model (${err.message})`);
    throw err;
  }
  if (!graph) throw new RewriteError('the file is not an ONNX model (no graph)');

  const blockAdds = new Map<number, string>();
  let pooled: string | undefined;
  const outputs = new Set<string>();
  for await (const f of fields(source, graph.contentStart, graph.end)) {
    if (f.field === INITIALIZER && width === undefined) {
      // TensorProto writes dims (1) and name (8) before its data: the first bytes say both.
      const head = await source.read(f.contentStart, Math.min(512, f.end - f.contentStart));
      const tensor = tensorHead(head);
      if (tensor.name.endsWith('post_layernorm.weight') && tensor.dims.length === 1) width = tensor.dims[0];
      continue;
    }
    if (f.field !== NODE && f.field !== OUTPUT) continue;
    const strings = readStrings(await source.read(f.contentStart, f.end - f.contentStart));
    if (f.field === OUTPUT) {
      outputs.add(strings.get(1)?.[0] ?? '');
      continue;
    }
    const name = strings.get(3)?.[0] ?? '';
    const op = strings.get(4)?.[0] ?? '';
    const out = strings.get(2)?.[0];
    if (out === undefined) continue;
    const block = /\/encoder\/layers\.(\d+)\/Add(_\d+)?$/.exec(name);
    if (block && op === 'Add') blockAdds.set(Number(block[1]), out); // the block's last Add wins
    if (/\/post_layernorm\/[^/]+$/.test(name)) pooled = out;
  }
  const layers = blockAdds.size;
  if (layers === 0 || pooled === undefined) {
    throw new RewriteError('no CLIP encoder blocks or post-layernorm found by their node names (/vision_model/encoder/layers.N/, /vision_model/post_layernorm/): not a transformers CLIP vision export');
  }
  if (width === undefined) throw new RewriteError('the width of the blocks is not given and no post_layernorm.weight says it');
  const blocks = Array.from({ length: layers }, (_, i) => blockAdds.get(i) ?? (() => { throw new RewriteError(`block ${i} is missing among ${layers}`); })());
  for (const taken of ['pooled', 'class_tokens']) if (outputs.has(taken)) throw new RewriteError(`the model already has an output "${taken}"`);

  const added = new ProtoWriter();
  const constant = (name: string, value: number): void => {
    const t = new ProtoWriter().int(1, 1).int(2, DataType.INT64).string(8, name);
    const raw = new Uint8Array(8);
    new DataView(raw.buffer).setBigInt64(0, BigInt(value), true);
    added.message(INITIALIZER, t.bytes(9, raw));
  };
  constant('originlens_zero', 0);
  constant('originlens_one', 1);
  const node = (op: string, inputs: string[], output: string, attrs?: ProtoWriter): void => {
    const n = new ProtoWriter();
    for (const i of inputs) n.string(1, i);
    n.string(2, output).string(3, `originlens_${output}`).string(4, op);
    if (attrs) n.message(5, attrs);
    added.message(NODE, n);
  };
  const tokens = blocks.map((b, i) => {
    const name = `originlens_class_token_${i}`;
    node('Slice', [b, 'originlens_zero', 'originlens_one', 'originlens_one'], name);
    return name;
  });
  node('Concat', tokens, 'class_tokens', new ProtoWriter().string(1, 'axis').int(3, 1).int(20, 2));
  node('Identity', [pooled], 'pooled');
  const output = (name: string, dims: (number | string)[]): void => {
    const shape = new ProtoWriter();
    for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
    const type = new ProtoWriter().message(1, new ProtoWriter().int(1, DataType.FLOAT).message(2, shape));
    added.message(OUTPUT, new ProtoWriter().string(1, name).message(2, type));
  };
  const w = width;
  output('pooled', ['batch_size', w]);
  output('class_tokens', ['batch_size', layers, w]);
  const extra = added.finish();

  const graphHeader = new ProtoWriter().header(GRAPH, graph.end - graph.contentStart + extra.length).finish();
  onSize?.(top.reduce((n, f) => n + (f.field === GRAPH ? graphHeader.length + graph.end - graph.contentStart + extra.length : f.end - f.start), 0));
  let written = 0;
  const emit = async (b: Uint8Array): Promise<void> => {
    written += b.length;
    await sink(b);
  };
  const copy = async (from: number, to: number): Promise<void> => {
    for (let at = from; at < to; at += COPY_CHUNK) await emit(await source.read(at, Math.min(COPY_CHUNK, to - at)));
  };
  for (const f of top) {
    if (f.field !== GRAPH) {
      await copy(f.start, f.end);
      continue;
    }
    await emit(graphHeader);
    await copy(graph.contentStart, graph.end);
    await emit(extra);
  }
  return { layers, width: w, blocks, pooled, bytes: written };
}
