import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { decodeImage } from '../engine/image/decode';
import { fixture } from '../engine/test-support/images';
import { preprocess } from '../engine/preprocess';
import { ImageError, type ModelEntry } from '../engine/types';
import { useNodeCodecWasm } from './codec-wasm';
import { DecodePool } from './decode-pool';

useNodeCodecWasm();
const root = new URL('../../', import.meta.url);
const entry = JSON.parse(readFileSync(fileURLToPath(new URL('models/test/clip-tiny.json', root)), 'utf8')) as ModelEntry;
const input = entry.input;
const IMAGES = ['baseline420-480x360.jpg', 'rgb-640x480.png', 'lossy-320x240.webp', 'anim-200x150.gif', 'grey-333x250.jpg', 'cmyk-240x180.jpg', 'rgba-320x240.png', 'progressive-360x480.jpg'];
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function inProcess(name: string): Promise<Float32Array> {
  return preprocess(await decodeImage(fixture(name)), input);
}

async function withPool<T>(pool: DecodePool, run: (pool: DecodePool) => Promise<T>): Promise<T> {
  try {
    return await run(pool);
  } finally {
    await pool.close();
  }
}

test('the pool gives each image its own tensor, the same as decoding in this thread', () =>
  withPool(new DecodePool({ size: 2 }), async (pool) => {
    // All at once, so the two workers finish out of order.
    const got = await Promise.all(IMAGES.map((name) => pool.preprocess(fixture(name), input)));
    for (const [i, name] of IMAGES.entries()) assert.deepEqual(got[i], await inProcess(name), name);
  }));

test('a bad image among good ones is an ImageError for that image only', () =>
  withPool(new DecodePool({ size: 2 }), async (pool) => {
    const jobs = [fixture('rgb-200x150.jpg'), text('<html>404</html>'), fixture('rgb-640x480.png'), fixture('baseline420-480x360.jpg').slice(0, 5000)];
    const settled = await Promise.allSettled(jobs.map((bytes) => pool.preprocess(bytes, input)));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    assert.ok(reasons.every((r) => r instanceof ImageError), 'the image errors stay ImageErrors across the thread');
    assert.deepEqual(reasons.map((r) => (r as Error).message), ['not an image (looks like HTML)', 'truncated JPEG']);
    assert.deepEqual((settled[2] as PromiseFulfilledResult<Float32Array>).value, await inProcess('rgb-640x480.png'));
  }));

test('the pixel cap is applied in the worker', () =>
  withPool(new DecodePool({ size: 1 }), async (pool) => {
    await assert.rejects(pool.preprocess(fixture('rgb-640x480.png'), input, 100_000), /^ImageError: image too large: 640 x 480 pixels/);
  }));

test('a worker that exits or throws costs only its own image: it is replaced and the run goes on', () =>
  withPool(new DecodePool({ size: 2, script: new URL('test/support/misbehaving-decode-worker.ts', root) }), async (pool) => {
    const jobs = [fixture('rgb-200x150.jpg'), text('EXIT'), fixture('rgb-640x480.png'), text('THROW'), fixture('lossy-320x240.webp'), text('EXIT'), fixture('grey-333x250.jpg')];
    const settled = await Promise.allSettled(jobs.map((bytes) => pool.preprocess(bytes, input)));
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    const reasons = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error).message)] : []));
    assert.deepEqual(reasons, ['the decoder stopped (exit code 3)', 'the decoder crashed: decoder bug', 'the decoder stopped (exit code 3)']);
    assert.deepEqual((settled[6] as PromiseFulfilledResult<Float32Array>).value, await inProcess('grey-333x250.jpg'));
  }));

test('workers that cannot start fail every job with the reason instead of hanging', () =>
  withPool(new DecodePool({ size: 2, script: new URL('test/support/broken-decode-worker.ts', root) }), async (pool) => {
    const settled = await Promise.allSettled([1, 2, 3].map(() => pool.preprocess(fixture('rgb-200x150.jpg'), input)));
    for (const s of settled) {
      assert.equal(s.status, 'rejected');
      assert.match(String((s.reason as Error).message), /cannot start/);
    }
    await assert.rejects(pool.preprocess(fixture('rgb-200x150.jpg'), input), /cannot start/);
  }));

test('closing the pool rejects what is still waiting', async () => {
  const pool = new DecodePool({ size: 1 });
  const waiting = Promise.allSettled([pool.preprocess(fixture('rgb-640x480.png'), input), pool.preprocess(fixture('rgb-640x480.png'), input)]);
  await pool.close();
  for (const job of await waiting) {
    assert.equal(job.status, 'rejected');
    assert.match(String((job.reason as Error).message), /closed/);
  }
  await assert.rejects(pool.preprocess(fixture('rgb-200x150.jpg'), input), /closed/);
});

test('workers started before the first job serve it; a started pool that never had a job closes', async () => {
  await withPool(new DecodePool({ size: 1 }), async (pool) => {
    pool.start();
    pool.start(); // a second call starts no more workers
    assert.deepEqual(await pool.preprocess(fixture('rgb-200x150.jpg'), input), await inProcess('rgb-200x150.jpg'));
  });
  const idle = new DecodePool({ size: 2 });
  idle.start();
  await idle.close();
  idle.start(); // once closed, it stays closed
  await assert.rejects(idle.preprocess(fixture('rgb-200x150.jpg'), input), /the decoding pool is closed/);
});
