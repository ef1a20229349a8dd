import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { decodeFeatures, encodeFeatures, FeatureCache } from './feature-cache';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const features = () => ({
  embedding: Float32Array.from([0.5, -1.25, 3e-8, 1e20]),
  block1: Float32Array.from({ length: 7 }, (_, i) => i / 3),
  block12: Float32Array.from({ length: 5 }, (_, i) => -i),
});

test('features come back from disk exactly as stored, feature by feature', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'originlens-features-'));
  made.push(dir);
  const cache = new FeatureCache(dir, 'e'.repeat(64));
  const sha = 'ab'.repeat(32);
  assert.equal(await cache.get(sha), undefined);
  await cache.put(sha, features());
  // A fresh cache object reads the file itself; small files come from Node's shared buffer pool.
  for (let i = 0; i < 3; i++) assert.deepEqual(await new FeatureCache(dir, 'e'.repeat(64)).get(sha), features());
  assert.equal(await new FeatureCache(dir, 'f'.repeat(64)).get(sha), undefined, 'another encoder has its own features');
});

test('a damaged entry is a miss, not an error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'originlens-features-'));
  made.push(dir);
  const cache = new FeatureCache(dir, 'e'.repeat(64));
  const sha = 'cd'.repeat(32);
  await cache.put(sha, features());
  const [folder] = await readdir(dir);
  const file = join(dir, folder!, sha.slice(0, 2), `${sha}.f32`);
  await writeFile(file, encodeFeatures(features()).subarray(0, 40));
  assert.equal(await cache.get(sha), undefined);
});

test('the encoding survives an odd header length (the data is padded to 4 bytes)', () => {
  for (const name of ['a', 'ab', 'abc', 'abcd']) {
    const f = { [name]: Float32Array.from([1, 2, 3]) };
    assert.deepEqual(decodeFeatures(encodeFeatures(f)), f);
  }
});
