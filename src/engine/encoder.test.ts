import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { clipVitReference, type Weights } from './test-support/clip-reference';
import { Random } from './onnx/random';
import { randomClipWeights } from './onnx/random-clip-weights';
import { TEST_CONFIGS } from './onnx/test-encoder';
import { loadRuntime, type LoadedRuntime } from '../node/ort-runtimes';
import { createEncoder, EncoderError, type Encoder } from './encoder';
import type { FeatureSet, ModelEntry } from './types';

const root = fileURLToPath(new URL('../../', import.meta.url));
const modelPath = join(root, 'models/test/clip-tiny.onnx');
const entryPath = join(root, 'models/test/clip-tiny.json');
const modelBytes = new Uint8Array(readFileSync(modelPath));
const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as ModelEntry;
const SIZE = entry.input.size;
const PLANE = SIZE * SIZE;

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? NaN;
    const y = b[i] ?? NaN;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return dot / Math.sqrt(na * nb);
}

/** CHW inputs in the range CLIP normalisation produces (about -1.8 to 2.1), made without any preprocessing module. */
function noiseImage(seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: 3 * PLANE }, () => rng.uniform() * 3.9 - 1.8);
}

function structuredImage(kind: 'gradient' | 'checker' | 'stripes' | 'flat'): Float32Array {
  const out = new Float32Array(3 * PLANE);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        let v: number;
        if (kind === 'gradient') v = (x / SIZE) * 2 - (c === 1 ? y / SIZE : 0) - 0.5;
        else if (kind === 'checker') v = ((x >> 3) + (y >> 3) + c) % 2 === 0 ? 1.9 : -1.7;
        else if (kind === 'stripes') v = Math.sin((x + 2 * y) * 0.3 + c);
        else v = [0.4, -0.2, 0.9][c] ?? 0;
        out[(c * SIZE + y) * SIZE + x] = v;
      }
    }
  }
  return out;
}

const inputs: [string, Float32Array][] = [
  ['noise-1', noiseImage(1)],
  ['noise-2', noiseImage(2)],
  ['noise-3', noiseImage(3)],
  ['gradient', structuredImage('gradient')],
  ['checker', structuredImage('checker')],
  ['stripes', structuredImage('stripes')],
  ['flat', structuredImage('flat')],
];

let node: LoadedRuntime;
let wasm: LoadedRuntime;
const open: Encoder[] = [];

async function encoderOn(runtime: LoadedRuntime, e: ModelEntry = entry): Promise<Encoder> {
  const encoder = await createEncoder(runtime.ort, modelBytes, e, { runtime: runtime.runtime, executionProviders: runtime.executionProviders });
  open.push(encoder);
  return encoder;
}

async function encodeOne(encoder: Encoder, image: Float32Array): Promise<FeatureSet> {
  const [features] = await encoder.encode([image]);
  assert.ok(features !== undefined);
  return features;
}

before(async () => {
  node = await loadRuntime('node');
  wasm = await loadRuntime('wasm');
});

after(async () => {
  for (const encoder of open) await encoder.release();
});

test('the committed tiny model loads and gives every declared feature with its declared dim', async () => {
  const encoder = await encoderOn(node);
  assert.equal(encoder.runtime, 'onnxruntime-node');
  assert.deepEqual(Object.keys(entry.features), ['embedding', 'pooled', 'block1', 'block2', 'block3', 'block4']);
  const features = await encodeOne(encoder, noiseImage(1));
  assert.deepEqual(Object.keys(features).sort(), Object.keys(entry.features).sort());
  for (const [name, source] of Object.entries(entry.features)) {
    const vector = features[name];
    assert.ok(vector instanceof Float32Array, name);
    assert.equal(vector.length, source.dim, name);
    assert.ok(vector.every(Number.isFinite), `${name} is finite`);
    assert.ok(Math.hypot(...vector) > 1e-3, `${name} is not zero`);
  }
  // Blocks are distinct rows of class_tokens, not one row read five times.
  assert.ok(cosine(features.block1 ?? [], features.block4 ?? []) < 0.99);
});

test('a batch of three gives the same features as three single runs', async () => {
  const encoder = await encoderOn(node);
  const images = inputs.slice(0, 3).map(([, image]) => image);
  const batched = await encoder.encode(images);
  assert.equal(batched.length, 3);
  for (const [i, image] of images.entries()) {
    const single = await encodeOne(encoder, image);
    for (const name of Object.keys(entry.features)) {
      const a = batched[i]?.[name] ?? new Float32Array();
      const b = single[name] ?? new Float32Array();
      const scale = Math.max(...b.map(Math.abs));
      const worst = Math.max(...a.map((v, j) => Math.abs(v - (b[j] ?? NaN))));
      assert.ok(worst <= 1e-5 * scale, `image ${i} ${name}: differs by ${worst} (scale ${scale})`);
    }
  }
  assert.deepEqual(await encoder.encode([]), []);
});

test('different images give clearly different features, so the parity threshold means something', async () => {
  const encoder = await encoderOn(node);
  const sets = await encoder.encode(inputs.map(([, image]) => image));
  for (const name of Object.keys(entry.features)) {
    let highest = -1;
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) highest = Math.max(highest, cosine(sets[i]?.[name] ?? [], sets[j]?.[name] ?? []));
    }
    assert.ok(highest < 0.995, `${name}: two different images have cosine ${highest}`);
  }
});

test('the tiny model computes CLIP’s vision transformer (plain TypeScript reference)', async () => {
  const encoder = await encoderOn(node);
  // The weights the committed model was written with (the next test checks it is exactly that model).
  const source = randomClipWeights(TEST_CONFIGS.tiny, 1);
  const names = ['patch_embedding', 'class_embedding', 'position_embedding', 'pre_norm.weight', 'pre_norm.bias', 'post_norm.weight', 'post_norm.bias', 'projection.weight'];
  for (let l = 0; l < TEST_CONFIGS.tiny.layers; l++) {
    for (const part of ['norm1', 'norm2', 'q', 'k', 'v', 'out', 'fc1', 'fc2']) names.push(`layers.${l}.${part}.weight`, `layers.${l}.${part}.bias`);
  }
  const weights: Weights = new Map(await Promise.all(names.map(async (n): Promise<[string, Float32Array]> => [n, await source(n)])));
  for (const [label, image] of inputs.filter(([label]) => label === 'noise-1' || label === 'checker')) {
    const reference = clipVitReference(weights, TEST_CONFIGS.tiny, image);
    const features = await encodeOne(encoder, image);
    const pairs: [string, Float64Array][] = [
      ['embedding', reference.embedding],
      ['pooled', reference.pooled],
      ...reference.classTokens.map((t, i): [string, Float64Array] => [`block${i + 1}`, t]),
    ];
    for (const [name, expected] of pairs) {
      const got = features[name] ?? new Float32Array();
      const worst = Math.max(...expected.map((v, j) => Math.abs(v - (got[j] ?? NaN))));
      assert.ok(worst < 1e-4, `${label} ${name}: off by ${worst}`);
    }
  }
});

test('onnxruntime-node and onnxruntime-web (WASM) agree on every feature (cosine ≥ 0.9999)', async (t) => {
  const a = await encoderOn(node);
  const b = await encoderOn(wasm);
  assert.equal(b.runtime, 'onnxruntime-web/wasm');
  let minimum = 1;
  let where = '';
  for (const [label, image] of inputs) {
    const [fa, fb] = [await encodeOne(a, image), await encodeOne(b, image)];
    for (const name of Object.keys(entry.features)) {
      const c = cosine(fa[name] ?? [], fb[name] ?? []);
      if (c < minimum) [minimum, where] = [c, `${label} ${name}`];
      assert.ok(c >= 0.9999, `${label} ${name}: cosine ${c}`);
    }
  }
  t.diagnostic(`minimum cosine ${minimum} (${where})`);
});

test('concurrent encode calls on one session all resolve, with the results of lone calls', async () => {
  const encoder = await encoderOn(wasm);
  const images = inputs.slice(0, 4).map(([, image]) => image);
  const together = await Promise.all(images.map((image) => encodeOne(encoder, image)));
  for (const [i, image] of images.entries()) {
    const alone = await encodeOne(encoder, image);
    assert.deepEqual(together[i]?.embedding, alone.embedding);
  }
});

test('a model that lacks what the entry names is refused with a clear error', async () => {
  const cases: [string, ModelEntry, RegExp][] = [
    ['input name', { ...entry, input: { ...entry.input, name: 'pixels' } }, /no input "pixels".*pixel_values/],
    ['input size', { ...entry, input: { ...entry.input, size: 336 } }, /\[N, 3, 336, 336\]/],
    ['output', { ...entry, features: { embedding: { output: 'pooler_output', dim: 32 } } }, /no output "pooler_output" for feature embedding/],
    ['dim', { ...entry, features: { embedding: { output: 'image_embeds', dim: 512 } } }, /feature embedding needs \[N, 512\]/],
    ['select', { ...entry, features: { block9: { output: 'class_tokens', select: 8, dim: 64 } } }, /feature block9 needs \[N, >8, 64\]/],
    ['rank', { ...entry, features: { embedding: { output: 'class_tokens', dim: 64 } } }, /feature embedding needs \[N, 64\]/],
  ];
  for (const [label, bad, message] of cases) {
    await assert.rejects(encoderOn(node, bad), (error: unknown) => error instanceof EncoderError && message.test(error.message), label);
  }
});

test('wrongly sized images and use after release are refused', async () => {
  const encoder = await createEncoder(node.ort, modelBytes, entry, { runtime: node.runtime });
  await assert.rejects(encoder.encode([new Float32Array(3 * 32 * 32)]), /image 0 has 3072 values/);
  await encoder.release();
  await assert.rejects(encoder.encode([noiseImage(1)]), /released/);
  await encoder.release();
});

test('the generator is deterministic and the committed tiny model is what it writes', () => {
  const committed = readFileSync(entryPath, 'utf8');
  for (let run = 0; run < 2; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'test-encoder-'));
    try {
      const made = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'build/make-test-encoder.ts'), 'tiny', '--out', dir], { encoding: 'utf8' });
      assert.equal(made.status, 0, made.stderr);
      const bytes = readFileSync(join(dir, 'clip-tiny.onnx'));
      assert.equal(createHash('sha256').update(bytes).digest('hex'), entry.sha256);
      assert.equal(bytes.length, entry.bytes);
      assert.equal(readFileSync(join(dir, 'clip-tiny.json'), 'utf8'), committed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  assert.equal(createHash('sha256').update(modelBytes).digest('hex'), entry.sha256);
});
