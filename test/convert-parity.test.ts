// `originlens models convert`'s engine against PyTorch: reference CLIP vision towers with random weights
// in each family's layout (build/make-clip-references.py), converted, run in onnxruntime-node and
// onnxruntime-web, every output compared with what PyTorch computed from the same weights and pixels.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ensurePython, PYTHON } from '../build/ensure-python';
import { convertCheckpointFile } from '../src/node/convert-checkpoint';
import { loadRuntime, type RuntimeKind } from '../src/node/ort-runtimes';
import type { WeightFormatName } from '../src/engine/onnx/weight-formats';
import { cosine, readFloat32 } from './support/vectors';

const OUTPUTS = ['image_embeds', 'pooled', 'class_tokens'] as const;

interface Reference {
  size: number;
  width: number;
  layers: number;
  embed: number;
  activation: string;
  outputs: Record<(typeof OUTPUTS)[number], number[]>;
}

const dirs: Record<string, string> = {};

function makeReferences(config: string, layers: number, only: string): { dir: string; refs: Record<string, Reference> } {
  const dir = mkdtempSync(join(tmpdir(), `originlens-ref-${config}-`));
  const made = spawnSync(PYTHON, ['build/make-clip-references.py', dir, '--config', config, '--layers', String(layers), '--only', only], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  dirs[config] = dir;
  return { dir, refs: JSON.parse(readFileSync(join(dir, 'references.json'), 'utf8')) as Record<string, Reference> };
}


/** The worst cosine over every row of every output: each image's embedding, pooled token, block token. */
async function worstCosine(onnx: string, dir: string, name: string, ref: Reference, runtime: RuntimeKind): Promise<Record<string, number>> {
  const { ort } = await loadRuntime(runtime);
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnx)));
  const input = readFloat32(join(dir, `${name}.input.f32`));
  const n = input.length / (3 * ref.size * ref.size);
  const results = await session.run({ pixel_values: new ort.Tensor('float32', input, [n, 3, ref.size, ref.size]) });
  const worst: Record<string, number> = {};
  for (const output of OUTPUTS) {
    const want = readFloat32(join(dir, `${name}.${output}.f32`));
    const got = results[output]!.data as Float32Array;
    assert.deepEqual(Array.from(results[output]!.dims), ref.outputs[output], `${output} shape`);
    const row = output === 'class_tokens' ? ref.width : want.length / n;
    let min = 1;
    for (let r = 0; r < want.length / row; r++) min = Math.min(min, cosine(got.subarray(r * row, (r + 1) * row), want.subarray(r * row, (r + 1) * row)));
    worst[output] = min;
  }
  await session.release?.();
  return worst;
}

const BOUNDS: Record<WeightFormatName, number> = { float32: 0.999999, float16: 0.9999, int8: 0.99 };

before(() => {
  assert.ok(ensurePython(), 'Debian python3-torch is needed to make the references');
});
after(() => {
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
});

const CASES: { config: string; layers: number; only: string; files: [string, string][] }[] = [
  {
    config: 'b16',
    layers: 2,
    only: 'openai,openclip,transformers',
    files: [['openai', 'openai.pt'], ['openclip', 'open_clip_pytorch_model.bin'], ['openclip', 'open_clip_model.safetensors'], ['transformers', 'pytorch_model.bin']],
  },
  { config: 'l14-336', layers: 1, only: 'openclip', files: [['openclip', 'open_clip_model.safetensors']] },
];

for (const c of CASES) {
  test(`${c.config}: every layout converts to PyTorch's outputs (float32 ≥ ${BOUNDS.float32}, float16 ≥ ${BOUNDS.float16}, int8 ≥ ${BOUNDS.int8})`, async () => {
    const { dir, refs } = makeReferences(c.config, c.layers, c.only);
    for (const [name, file] of c.files) {
      const ref = refs[name]!;
      for (const weights of ['float32', 'float16', 'int8'] as const) {
        const out = join(dir, `${file}.${weights}.onnx`);
        // OpenCLIP's files say nothing of their activation: the flag says it, as a person must.
        const activation = name === 'openclip' ? (ref.activation as 'gelu') : undefined;
        const converted = await convertCheckpointFile(join(dir, file), { out, weights, activation });
        assert.equal(converted.architecture.activation, ref.activation, `${file}: ${converted.activation.reason}`);
        assert.deepEqual(
          [converted.architecture.width, converted.architecture.layers, converted.architecture.imageSize, converted.architecture.embedDim],
          [ref.width, ref.layers, ref.size, ref.embed],
        );
        const runtimes: RuntimeKind[] = weights === 'float32' ? ['node', 'wasm'] : ['node'];
        for (const runtime of runtimes) {
          const worst = await worstCosine(out, dir, name, ref, runtime);
          console.log(`${c.config} ${file} ${weights} ${runtime}: worst 1 - cosine ${OUTPUTS.map((o) => `${o} ${(1 - worst[o]!).toExponential(2)}`).join(', ')}`);
          for (const o of OUTPUTS) assert.ok(worst[o]! >= BOUNDS[weights], `${file} ${weights} ${runtime} ${o}: cosine ${worst[o]}`);
        }
        if (weights === 'float32' && name === 'openai') {
          // The same source gives the same bytes.
          const again = await convertCheckpointFile(join(dir, file), { out: `${out}.again.onnx`, weights });
          assert.equal(again.entry.sha256, converted.entry.sha256);
        }
        rmSync(out);
      }
    }
    if (c.only.includes('openclip')) {
      // An OpenCLIP file does not say its activation: without the flag the conversion stops and says so.
      await assert.rejects(
        convertCheckpointFile(join(dir, 'open_clip_model.safetensors'), { out: join(dir, 'x.onnx'), weights: 'float32' }),
        /nothing in the file says which activation .* pass --activation quickgelu .* or --activation gelu/,
      );
    }
  });
}
