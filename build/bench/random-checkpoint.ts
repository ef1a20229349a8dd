// A full-size CLIP vision checkpoint with random weights, for timing conversions: OpenCLIP's names in a
// safetensors file (float32), written tensor by tensor so that even ViT-L/14's 1.2 GB is never held whole.
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { ClipVisionArchitecture } from '../../src/engine/onnx/clip-vision-graph';
import { Random } from '../../src/engine/onnx/random';
import { TEST_CONFIGS, type TestConfigName } from '../../src/engine/onnx/test-encoder';

function shapes(a: ClipVisionArchitecture): [string, number[]][] {
  const W = a.width;
  const list: [string, number[]][] = [
    ['visual.class_embedding', [W]],
    ['visual.positional_embedding', [(a.imageSize / a.patch) ** 2 + 1, W]],
    ['visual.proj', [W, a.embedDim]],
    ['visual.conv1.weight', [W, 3, a.patch, a.patch]],
    ['visual.ln_pre.weight', [W]],
    ['visual.ln_pre.bias', [W]],
    ['visual.ln_post.weight', [W]],
    ['visual.ln_post.bias', [W]],
  ];
  for (let i = 0; i < a.layers; i++) {
    const b = `visual.transformer.resblocks.${i}.`;
    list.push(
      [`${b}ln_1.weight`, [W]], [`${b}ln_1.bias`, [W]],
      [`${b}attn.in_proj_weight`, [3 * W, W]], [`${b}attn.in_proj_bias`, [3 * W]],
      [`${b}attn.out_proj.weight`, [W, W]], [`${b}attn.out_proj.bias`, [W]],
      [`${b}ln_2.weight`, [W]], [`${b}ln_2.bias`, [W]],
      [`${b}mlp.c_fc.weight`, [4 * W, W]], [`${b}mlp.c_fc.bias`, [4 * W]],
      [`${b}mlp.c_proj.weight`, [W, 4 * W]], [`${b}mlp.c_proj.bias`, [W]],
    );
  }
  return list;
}

/** Writes `path` unless it exists; returns its size in bytes. */
export async function writeRandomCheckpoint(path: string, a: ClipVisionArchitecture, seed = 1): Promise<void> {
  if (existsSync(path)) return;
  const list = shapes(a);
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let at = 0;
  for (const [name, shape] of list) {
    const bytes = shape.reduce((x, y) => x * y, 1) * 4;
    header[name] = { dtype: 'F32', shape, data_offsets: [at, at + bytes] };
    at += bytes;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const out = createWriteStream(`${path}.part`);
  const write = async (chunk: Uint8Array): Promise<void> => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const length = new Uint8Array(8);
  new DataView(length.buffer).setUint32(0, text.length, true);
  await write(length);
  await write(new TextEncoder().encode(text));
  const rng = new Random(seed);
  for (const [, shape] of list) {
    const n = shape.reduce((x, y) => x * y, 1);
    const values = rng.normals(n, 1 / Math.sqrt(shape[shape.length - 1]!));
    await write(new Uint8Array(values.buffer));
  }
  out.end();
  await once(out, 'close');
  renameSync(`${path}.part`, path);
}

export const LARGE_MODELS = fileURLToPath(new URL('../../models/test/large/', import.meta.url));

/** The bench's checkpoint of a test shape, written once into models/test/large/ (ignored by git). */
export async function benchCheckpoint(config: TestConfigName, log: (line: string) => void): Promise<string> {
  mkdirSync(LARGE_MODELS, { recursive: true });
  const source = join(LARGE_MODELS, `random-${config}.safetensors`);
  log(`writing ${source} (if missing) ...`);
  await writeRandomCheckpoint(source, TEST_CONFIGS[config]);
  return source;
}
