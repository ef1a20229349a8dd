import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EncodeBatcher } from './encode-batcher';

/** An encoder that records its batches and answers each input with its first value, when told to. */
function fakeEncoder() {
  const batches: { key: string; values: number[]; finish(error?: Error): void }[] = [];
  const run = (key: string, inputs: Float32Array[]) =>
    new Promise<number[]>((resolve, reject) => {
      const values = inputs.map((x) => x[0]!);
      batches.push({ key, values, finish: (error) => (error ? reject(error) : resolve(values.map((v) => v * 10))) });
    });
  return { batches, run };
}

const input = (v: number) => Float32Array.of(v);
const tick = () => new Promise((resolve) => setImmediate(resolve));

test('a lone image runs at once; images made while the encoder is busy run together after it', async () => {
  const { batches, run } = fakeEncoder();
  const batcher = new EncodeBatcher(run);
  const first = batcher.reserve().encode('e', input(1));
  await tick();
  assert.deepEqual(batches.map((b) => b.values), [[1]]);
  const later = [2, 3, 4].map((v) => batcher.reserve().encode('e', input(v)));
  await tick();
  assert.equal(batches.length, 1, 'nothing starts while the encoder is busy');
  batches[0]!.finish();
  assert.equal(await first, 10);
  await tick();
  assert.deepEqual(batches.map((b) => b.values), [[1], [2, 3, 4]]);
  batches[1]!.finish();
  assert.deepEqual(await Promise.all(later), [20, 30, 40]);
});

test('a batch waits for every reserved image still being prepared, but not for a released one, and not beyond a full batch', async () => {
  const { batches, run } = fakeEncoder();
  const batcher = new EncodeBatcher(run, 3);
  const slots = [1, 2, 3, 4, 5].map(() => batcher.reserve());
  const a = slots[0]!.encode('e', input(1));
  await tick();
  assert.equal(batches.length, 0, 'four reserved images are still being prepared');
  slots[1]!.release(); // its image could not be decoded
  const b = slots[2]!.encode('e', input(3));
  const c = slots[3]!.encode('e', input(4));
  await tick();
  assert.deepEqual(batches.map((x) => x.values), [[1, 3, 4]], 'a full batch does not wait for the fifth');
  batches[0]!.finish();
  assert.deepEqual(await Promise.all([a, b, c]), [10, 30, 40]);
  await tick();
  assert.equal(batches.length, 1);
  const d = slots[4]!.encode('e', input(5));
  await tick();
  batches[1]!.finish();
  assert.equal(await d, 50);
  slots[4]!.release(); // as runJob's finally does: harmless once encoded
  await assert.rejects(slots[4]!.encode('e', input(6)), /used or released already/);
  await tick();
  assert.equal(batches.length, 2);
});

test('inputs of different engines never share a batch, and a failed batch fails only its own images', async () => {
  const { batches, run } = fakeEncoder();
  const batcher = new EncodeBatcher(run);
  const slots = ['x', 'y', 'x'].map((key) => ({ key, slot: batcher.reserve() }));
  const results = slots.map(({ key, slot }, i) => slot.encode(key, input(i + 1)));
  await tick();
  assert.deepEqual(batches.map((b) => [b.key, b.values]), [['x', [1, 3]]]);
  batches[0]!.finish(new Error('device lost'));
  await assert.rejects(results[0]!, /device lost/);
  await assert.rejects(results[2]!, /device lost/);
  await tick();
  assert.deepEqual(batches.map((b) => [b.key, b.values]), [['x', [1, 3]], ['y', [2]]]);
  batches[1]!.finish();
  assert.equal(await results[1], 20);
});
