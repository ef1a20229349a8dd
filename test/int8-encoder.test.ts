// Quantisation must not change verdicts: the int8 test encoder (onnxruntime's dynamic quantisation of the
// same random weights) gives features within cosine 0.99 of the float32 one's, for every feature the
// engine reads, on every committed fixture image, in both runtimes the engine runs on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describe, makeTestEncoder, type WeightFormatName } from '../build/make-test-encoder';
import { createEncoder, type Encoder } from '../src/engine/encoder';
import type { FeatureSet } from '../src/engine/types';
import { loadRuntime, type RuntimeKind } from '../src/node/ort-runtimes';
import { fixturePixels } from './support/fixture-pixels';
import { cosine } from './support/vectors';

const open: Encoder[] = [];

async function encoderFor(weights: WeightFormatName, runtime: RuntimeKind): Promise<Encoder> {
  // Generated here from the tiny configuration: fast, and byte-identical on every run.
  const { bytes } = await makeTestEncoder('tiny', 1, weights);
  const loaded = await loadRuntime(runtime);
  const encoder = await createEncoder(loaded.ort, bytes, describe('tiny', 'tiny.onnx', bytes, weights), {
    runtime: loaded.runtime,
    executionProviders: loaded.executionProviders,
  });
  open.push(encoder);
  return encoder;
}

let images: Map<string, Float32Array>;
let reference: FeatureSet[];

before(async () => {
  const float = await encoderFor('float32', 'node');
  images = await fixturePixels(float.entry.input);
  reference = await float.encode([...images.values()]);
});

after(async () => {
  for (const e of open) await e.release();
});

function worst(features: FeatureSet[]): { value: number; where: string } {
  const names = [...images.keys()];
  let value = Infinity;
  let where = '';
  features.forEach((set, i) => {
    for (const [feature, vector] of Object.entries(set)) {
      const c = cosine(vector, reference[i]![feature]!);
      if (!(c >= value)) [value, where] = [c, `${feature} of ${names[i]}`];
    }
  });
  return { value, where };
}

test('the fixtures give enough images to mean something', () => {
  assert.ok(images.size >= 40, `${images.size} fixtures decoded`);
  assert.equal(Object.keys(reference[0]!).length, 6, 'the embedding, the pooled token and four block class tokens');
});

for (const weights of ['int8', 'int8pc'] as const) {
  for (const runtime of ['node', 'wasm'] as const) {
    test(`${weights} features are within cosine 0.99 of float32 ones on every fixture (${runtime})`, async () => {
      const encoder = await encoderFor(weights, runtime);
      const { value, where } = worst(await encoder.encode([...images.values()]));
      assert.ok(value >= 0.99, `cosine ${value} for ${where}`);
    });
  }
}

test('the int8 model really is quantised: its features differ from float32 ones, and its file is smaller', async () => {
  const encoder = await encoderFor('int8', 'node');
  const { value } = worst(await encoder.encode([...images.values()]));
  assert.ok(value < 0.999999, `cosine ${value}: the int8 graph computes the float32 result exactly`);
  const [float, int8] = await Promise.all((['float32', 'int8'] as const).map(async (w) => (await makeTestEncoder('tiny', 1, w)).bytes.length));
  assert.ok(int8! < 0.75 * float!, `int8 ${int8} bytes, float32 ${float} bytes`);
});
