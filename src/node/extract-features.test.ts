import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createEncoder, type Encoder } from '../engine/encoder';
import { decodeImage } from '../engine/image/decode';
import { fixture } from '../engine/test-support/images';
import { preprocess } from '../engine/preprocess';
import type { FeatureSet, ModelEntry } from '../engine/types';
import { useNodeCodecWasm } from './codec-wasm';
import type { ImageItem } from './dataset';
import { extractFeatures, type ExtractedImage } from './extract-features';
import { FeatureCache } from './feature-cache';
import { loadRuntime } from './ort-runtimes';

useNodeCodecWasm();
const models = fileURLToPath(new URL('../../models/test/', import.meta.url));
const entry = JSON.parse(readFileSync(join(models, 'clip-tiny.json'), 'utf8')) as ModelEntry;
const GOOD = ['baseline420-480x360.jpg', 'rgb-640x480.png', 'lossy-320x240.webp', 'anim-200x150.gif', 'cmyk-240x180.jpg', 'orient6-240x160.jpg', 'rgba-320x240.png'];

let dir: string;
let encoder: Encoder;
let items: ImageItem[];
/** What each item should come to: a fixture's name, or the start of its error. */
let expected: ({ fixture: string } | { error: RegExp })[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'originlens-extract-'));
  const { ort, runtime } = await loadRuntime('node');
  encoder = await createEncoder(ort, new Uint8Array(readFileSync(join(models, entry.file))), entry, { runtime });
  items = [];
  expected = [];
  const add = (name: string, bytes: Uint8Array | undefined, outcome: (typeof expected)[number]): void => {
    const path = join(dir, name);
    if (bytes) writeFileSync(path, bytes);
    items.push({ name, path });
    expected.push(outcome);
  };
  // Bad files among the good ones, at the start, in the middle of a batch and at the end.
  add('page.jpg', new TextEncoder().encode('<html>not found</html>'), { error: /^not an image \(looks like HTML\)$/ });
  for (const [i, name] of GOOD.entries()) {
    add(name, fixture(name), { fixture: name });
    if (i === 2) add('cut.jpg', fixture('progressive-360x480.jpg').slice(0, 3000), { error: /^truncated JPEG$/ });
    if (i === 4) add('missing.png', undefined, { error: /^cannot read file: file not found$/ });
  }
  add('empty.png', new Uint8Array(0), { error: /^empty file$/ });
});

after(async () => {
  await encoder.release();
  rmSync(dir, { recursive: true, force: true });
});

async function run(cache?: FeatureCache): Promise<ExtractedImage[]> {
  const out: ExtractedImage[] = [];
  for await (const batch of extractFeatures(items, { encoder, batchSize: 3, decodeThreads: 2, ...(cache ? { cache } : {}) })) {
    assert.ok(batch.length <= 3, 'batches are no larger than asked');
    out.push(...batch);
  }
  return out;
}

function assertClose(got: FeatureSet | undefined, want: FeatureSet, what: string): void {
  assert.ok(got, `${what}: no features`);
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), what);
  for (const [name, values] of Object.entries(want)) {
    const g: Float32Array = got[name]!;
    assert.equal(g.length, values.length);
    for (let i = 0; i < values.length; i++) assert.ok(Math.abs(g[i]! - values[i]!) <= 1e-4 * (1 + Math.abs(values[i]!)), `${what}: ${name}[${i}] ${g[i]} vs ${values[i]}`);
  }
}

async function alone(name: string): Promise<FeatureSet> {
  const [features] = await encoder.encode([preprocess(await decodeImage(fixture(name)), entry.input)]);
  return features!;
}

function check(results: ExtractedImage[], cached: boolean): Promise<void[]> {
  assert.deepEqual(results.map((r) => r.item.name), items.map((i) => i.name), 'every image, in the order given');
  return Promise.all(
    results.map(async (r, i) => {
      const want = expected[i]!;
      if ('error' in want) {
        assert.equal(r.features, undefined, r.item.name);
        assert.match(r.error ?? '', want.error, r.item.name);
      } else {
        assert.equal(r.error, undefined, `${r.item.name}: ${r.error}`);
        assert.equal(r.cached, cached, r.item.name);
        assertClose(r.features, await alone(want.fixture), r.item.name);
      }
    }),
  );
}

test('decoding in worker threads: each image gets its own features or its error, in order', async () => {
  await check(await run(), false);
});

test('with the feature cache, a second run decodes nothing it has seen and gives the same features', async () => {
  const cache = new FeatureCache(join(dir, 'cache'), entry.sha256);
  await check(await run(cache), false);
  await check(await run(cache), true);
});
