import type { TensorEntry } from '../checkpoint';
import { CheckpointError } from '../checkpoint';
import type { ClipVisionArchitecture } from '../onnx/clip-vision-graph';

/**
 * The three ways CLIP vision towers are named in the checkpoints people download, mapped to the graph's
 * canonical names (onnx/clip-vision-graph.ts):
 * - OpenAI's TorchScript archives and OpenCLIP's state dicts: `visual.conv1.weight`,
 *   `visual.transformer.resblocks.I.attn.in_proj_weight` (q, k and v in one matrix), `visual.proj` [W, E];
 * - transformers: `vision_model.encoder.layers.I.self_attn.q_proj.weight`, `visual_projection.weight` [E, W].
 * The architecture is read from the tensors' shapes; the number of heads, which no shape shows, from the
 * width (64 channels per head in every OpenAI and LAION ViT-B and ViT-L) unless the caller says.
 */
export type Layout = 'openai' | 'transformers';

export interface ClipTensors {
  layout: Layout;
  /** What precedes the names in the file (`state_dict.`, `module.`, ...), for messages. */
  prefix: string;
  architecture: Omit<ClipVisionArchitecture, 'activation'>;
  headsReason: string;
  /** Canonical name → float32 values in PyTorch's layout. */
  read(name: string): Promise<Float32Array>;
}

const HEADS_BY_WIDTH: Record<number, number> = { 768: 12, 1024: 16, 1280: 16, 1664: 16 };

function fail(message: string): never {
  throw new CheckpointError(message);
}

export function findClipTensors(tensors: ReadonlyMap<string, TensorEntry>, what: string, heads?: number): ClipTensors {
  let layout: Layout | undefined;
  let prefix = '';
  for (const name of tensors.keys()) {
    const openai = /^(.*?)visual\.conv1\.weight$/.exec(name);
    const hf = /^(.*?)vision_model\.embeddings\.patch_embedding\.weight$/.exec(name);
    if (openai || hf) {
      if (layout) fail(`${what} holds more than one CLIP vision tower`);
      layout = openai ? 'openai' : 'transformers';
      prefix = (openai ?? hf)![1]!;
    }
  }
  if (!layout) {
    const some = [...tensors.keys()].slice(0, 5).join(', ');
    fail(`${what} holds no CLIP vision tower: none of its ${tensors.size} tensors is named like OpenAI's, OpenCLIP's or transformers' (visual.conv1.weight, vision_model.embeddings.patch_embedding.weight); it has ${some || 'no tensors'}${tensors.size > 5 ? ', ...' : ''}`);
  }
  const names = layout === 'openai' ? OPENAI : TRANSFORMERS;
  const base = layout === 'openai' ? `${prefix}visual.` : prefix;
  const tensor = (name: string): TensorEntry => tensors.get(base + name) ?? fail(`${what} has ${base}conv1 but no ${base + name}`);
  const shape = (name: string): readonly number[] => tensor(name).shape;

  const conv = shape(names.patch);
  if (conv.length !== 4 || conv[1] !== 3 || conv[2] !== conv[3]) fail(`${what}: the patch convolution is ${conv.join(' × ')}, not [W, 3, P, P]`);
  const [width, , patch] = conv as [number, number, number, number];
  const positions = shape(names.positions);
  const grid = Math.round(Math.sqrt((positions[0] ?? 0) - 1));
  if (positions.length !== 2 || positions[1] !== width || grid * grid + 1 !== positions[0]) {
    fail(`${what}: the position embedding is ${positions.join(' × ')}, not a square grid plus the class token of width ${width}`);
  }
  let layers = 0;
  while (tensors.has(base + names.block(layers, 'norm1.weight'))) layers++;
  if (layers === 0) fail(`${what}: no transformer blocks (${base + names.block(0, 'norm1.weight')})`);
  const projection = shape(names.projection);
  const embedDim = (layout === 'openai' ? projection[1] : projection[0]) ?? 0;
  for (const extra of ['ls_1.gamma', 'ln_attn.weight']) {
    if (tensors.has(base + names.block(0, '').replace(/\.$/, `.${extra}`))) fail(`${what}: blocks with ${extra}, which this converter does not build`);
  }
  if (tensors.has(`${base}attn_pool.query`)) fail(`${what}: an attentional pooler (CoCa), which this converter does not build`);
  const chosenHeads = heads ?? HEADS_BY_WIDTH[width] ?? width / 64;
  const headsReason =
    heads !== undefined ? `${heads} head${heads === 1 ? '' : 's'}, as --heads says`
    : `${chosenHeads} head${chosenHeads === 1 ? '' : 's'} of ${width / chosenHeads} channels, as every CLIP ViT of width ${width} has`;
  if (!Number.isInteger(chosenHeads) || chosenHeads <= 0) fail(`${what}: width ${width} does not split into heads of 64 channels; say how many with --heads`);

  const architecture = { imageSize: grid * patch, patch, width, layers, heads: chosenHeads, embedDim };
  const W = width;
  const read = async (canonical: string): Promise<Float32Array> => {
    const block = /^layers\.(\d+)\.(.+)$/.exec(canonical);
    if (block) {
      const [, i, rest] = block as unknown as [string, string, string];
      const qkv = /^(q|k|v)\.(weight|bias)$/.exec(rest);
      if (layout === 'openai' && qkv) {
        // nn.MultiheadAttention keeps q, k and v stacked: rows [0, W), [W, 2W), [2W, 3W).
        const [, which, kind] = qkv as unknown as [string, 'q' | 'k' | 'v', string];
        const all = await tensor(names.block(Number(i), kind === 'weight' ? 'attn.in_proj_weight' : 'attn.in_proj_bias')).readFloat32();
        const part = 'qkv'.indexOf(which);
        const size = kind === 'weight' ? W * W : W;
        return all.slice(part * size, (part + 1) * size);
      }
      return tensor(names.block(Number(i), rest)).readFloat32();
    }
    if (canonical === 'projection.weight') {
      const p = await tensor(names.projection).readFloat32();
      // OpenAI's proj is [W, E] (x @ proj); the graph wants a linear layer's [E, W].
      return layout === 'openai' ? transposeRows(p, W, embedDim) : p;
    }
    const direct = names.direct[canonical];
    if (!direct) fail(`no tensor for ${canonical}`);
    return tensor(direct).readFloat32();
  };
  return { layout, prefix, architecture, headsReason, read };
}

function transposeRows(w: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = w[r * cols + c]!;
  return t;
}

interface Names {
  patch: string;
  positions: string;
  projection: string;
  direct: Record<string, string>;
  block(i: number, canonical: string): string;
}

const OPENAI_BLOCK: Record<string, string> = {
  'norm1.weight': 'ln_1.weight',
  'norm1.bias': 'ln_1.bias',
  'norm2.weight': 'ln_2.weight',
  'norm2.bias': 'ln_2.bias',
  'out.weight': 'attn.out_proj.weight',
  'out.bias': 'attn.out_proj.bias',
  'fc1.weight': 'mlp.c_fc.weight',
  'fc1.bias': 'mlp.c_fc.bias',
  'fc2.weight': 'mlp.c_proj.weight',
  'fc2.bias': 'mlp.c_proj.bias',
};

const OPENAI: Names = {
  patch: 'conv1.weight',
  positions: 'positional_embedding',
  projection: 'proj',
  direct: {
    patch_embedding: 'conv1.weight',
    class_embedding: 'class_embedding',
    position_embedding: 'positional_embedding',
    'pre_norm.weight': 'ln_pre.weight',
    'pre_norm.bias': 'ln_pre.bias',
    'post_norm.weight': 'ln_post.weight',
    'post_norm.bias': 'ln_post.bias',
  },
  block: (i, c) => `transformer.resblocks.${i}.${OPENAI_BLOCK[c] ?? c}`,
};

const HF_BLOCK: Record<string, string> = {
  'norm1.weight': 'layer_norm1.weight',
  'norm1.bias': 'layer_norm1.bias',
  'norm2.weight': 'layer_norm2.weight',
  'norm2.bias': 'layer_norm2.bias',
  'q.weight': 'self_attn.q_proj.weight',
  'q.bias': 'self_attn.q_proj.bias',
  'k.weight': 'self_attn.k_proj.weight',
  'k.bias': 'self_attn.k_proj.bias',
  'v.weight': 'self_attn.v_proj.weight',
  'v.bias': 'self_attn.v_proj.bias',
  'out.weight': 'self_attn.out_proj.weight',
  'out.bias': 'self_attn.out_proj.bias',
  'fc1.weight': 'mlp.fc1.weight',
  'fc1.bias': 'mlp.fc1.bias',
  'fc2.weight': 'mlp.fc2.weight',
  'fc2.bias': 'mlp.fc2.bias',
};

const TRANSFORMERS: Names = {
  patch: 'vision_model.embeddings.patch_embedding.weight',
  positions: 'vision_model.embeddings.position_embedding.weight',
  projection: 'visual_projection.weight',
  direct: {
    patch_embedding: 'vision_model.embeddings.patch_embedding.weight',
    class_embedding: 'vision_model.embeddings.class_embedding',
    position_embedding: 'vision_model.embeddings.position_embedding.weight',
    'pre_norm.weight': 'vision_model.pre_layrnorm.weight',
    'pre_norm.bias': 'vision_model.pre_layrnorm.bias',
    'post_norm.weight': 'vision_model.post_layernorm.weight',
    'post_norm.bias': 'vision_model.post_layernorm.bias',
  },
  block: (i, c) => `vision_model.encoder.layers.${i}.${HF_BLOCK[c] ?? c}`,
};
