// The rewrite that gives a transformers.js-style CLIP export its per-block outputs, on an export made
// the way those are made (torch.onnx.export of transformers' module structure, build/make-clip-references.py):
// its new outputs must equal PyTorch's per-block class tokens and pooled token, its own output unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensurePython, PYTHON } from '../build/ensure-python';
import { bytesSource } from '../src/engine/checkpoint';
import { addBlockOutputs, RewriteError } from '../src/engine/onnx/add-block-outputs';
import { addBlockOutputsToInstalled } from '../src/node/block-outputs-store';
import { ModelStore } from '../src/node/model-store';
import { loadRuntime } from '../src/node/ort-runtimes';
import { cosine, readFloat32 } from './support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'originlens-rewrite-'));
after(() => rmSync(dir, { recursive: true, force: true }));


async function rewrite(bytes: Uint8Array, width?: number): Promise<{ model: Uint8Array; layers: number; width: number }> {
  const chunks: Uint8Array[] = [];
  const result = await addBlockOutputs(bytesSource(bytes), (c) => {
    chunks.push(c.slice());
  }, width);
  const model = new Uint8Array(result.bytes);
  let at = 0;
  for (const c of chunks) {
    model.set(c, at);
    at += c.length;
  }
  return { model, layers: result.layers, width: result.width };
}

test('a torch.onnx export of transformers\' CLIP vision model gains pooled and class_tokens equal to PyTorch\'s', async () => {
  assert.ok(ensurePython(), 'Debian python3-torch is needed to make the reference export');
  const made = spawnSync(PYTHON, ['build/make-clip-references.py', dir, '--config', 'tiny', '--only', 'transformers'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const ref = JSON.parse(readFileSync(join(dir, 'references.json'), 'utf8')).transformers as { width: number; layers: number; size: number };
  // The width is read from the export itself (its post-layernorm weight).
  const { model, layers, width } = await rewrite(new Uint8Array(readFileSync(join(dir, 'transformers.onnx'))));
  assert.equal(layers, ref.layers);
  assert.equal(width, ref.width);
  const { ort } = await loadRuntime('node');
  const session = await ort.InferenceSession.create(model);
  assert.deepEqual([...session.outputNames].sort(), ['class_tokens', 'image_embeds', 'pooled']);
  const input = readFloat32(join(dir, 'transformers.input.f32'));
  const n = input.length / (3 * ref.size * ref.size);
  const results = await session.run({ pixel_values: new ort.Tensor('float32', input, [n, 3, ref.size, ref.size]) });
  for (const [output, row] of [['image_embeds', 0], ['pooled', ref.width], ['class_tokens', ref.width]] as const) {
    const want = readFloat32(join(dir, `transformers.${output}.f32`));
    const got = results[output]!.data as Float32Array;
    assert.equal(got.length, want.length, output);
    const size = row || want.length / n;
    for (let r = 0; r < want.length / size; r++) {
      const c = cosine(got.subarray(r * size, (r + 1) * size), want.subarray(r * size, (r + 1) * size));
      assert.ok(c >= 0.999999, `${output} row ${r}: cosine ${c}`);
    }
  }
  assert.deepEqual(Array.from(results.class_tokens!.dims), [n, ref.layers, ref.width]);
});

test('files that are not such an export are refused with a reason', async () => {
  const ours = new Uint8Array(readFileSync(new URL('../models/test/clip-tiny.onnx', import.meta.url)));
  await assert.rejects(rewrite(ours, 64), (e: unknown) => e instanceof RewriteError && /not a transformers CLIP vision export/.test(e.message));
  await assert.rejects(rewrite(new TextEncoder().encode('<html>not a model</html>'), 64), RewriteError);
});

// Uses the export the first test made.
test('the store rewrites an installed, verified export and binds the result to its source\'s hash', async () => {
  const exportPath = join(dir, 'transformers.onnx');
  const bytes = readFileSync(exportPath);
  const entry = (sha256: string) => ({
    id: 'tiny-export',
    name: 'Tiny export',
    file: 'tiny-export.onnx',
    bytes: bytes.length,
    sha256,
    input: { name: 'pixel_values', size: 224, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] },
    features: { embedding: { output: 'image_embeds', dim: 64 } },
    licence: 'MIT',
    test: false,
  });
  const sha = createHash('sha256').update(bytes).digest('hex');
  const home = join(dir, 'home');
  const store = new ModelStore({ home, registry: { version: 1, models: [entry(sha)] } });
  await assert.rejects(store.resolveModel('tiny-export-blocks'), /has not been made: run `originlens models rewrite tiny-export`/);
  await store.importFile(exportPath);
  const made = await addBlockOutputsToInstalled(store, 'tiny-export');
  assert.deepEqual(made.entry.derivedFrom, { id: 'tiny-export', sha256: sha, rewrite: 'add-block-outputs' });
  const resolved = await store.resolveModel('tiny-export-blocks');
  assert.equal(resolved.entry.sha256, createHash('sha256').update(readFileSync(resolved.path)).digest('hex'));
  assert.deepEqual(Object.keys(resolved.entry.features), ['embedding', 'pooled', 'block1', 'block2', 'block3']);
  // A registry that now pins other bytes for the source does not take the old rewrite.
  const moved = new ModelStore({ home, registry: { version: 1, models: [entry('0'.repeat(64))] } });
  await assert.rejects(moved.resolveModel('tiny-export-blocks'), /made from other bytes than tiny-export is pinned at/);
});
