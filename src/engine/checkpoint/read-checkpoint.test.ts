import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { bytesSource, openCheckpoint } from '.';

// Files PyTorch itself wrote (build/make-checkpoint-fixtures.py) and the values it read back from them.
const DIR = new URL('../../../test/fixtures/checkpoints/', import.meta.url);
type Expected = Record<string, Record<string, { shape: number[]; dtype: string; values: number[] }>>;
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Expected;

const DTYPES: Record<string, string> = { float32: 'F32', float16: 'F16', bfloat16: 'BF16', int64: 'I64' };

for (const [file, want] of Object.entries(expected)) {
  test(`${file}: every tensor with PyTorch's shape, type and values`, async () => {
    const checkpoint = await openCheckpoint(bytesSource(readFileSync(new URL(file, DIR))), file);
    for (const [name, spec] of Object.entries(want)) {
      const entry = checkpoint.tensors.get(name);
      assert.ok(entry, `${name} is read (found: ${[...checkpoint.tensors.keys()].join(', ')})`);
      assert.deepEqual(entry.shape, spec.shape, name);
      assert.equal(entry.dtype, DTYPES[spec.dtype], name);
      assert.deepEqual(Array.from(await entry.readFloat32()), spec.values.map(Math.fround), name);
    }
    assert.equal(checkpoint.tensors.size, Object.keys(want).length, 'no tensor more than PyTorch has');
  });
}

test('formats are told apart by their bytes', async () => {
  const formats = await Promise.all(
    ['state-dict.pt', 'torchscript.pt', 'tensors.safetensors'].map(async (f) => (await openCheckpoint(bytesSource(readFileSync(new URL(f, DIR))))).format),
  );
  assert.deepEqual(formats, ['pytorch', 'torchscript', 'safetensors']);
});

test('values that are not tensors stay readable in the tree (epoch, name)', async () => {
  const checkpoint = await openCheckpoint(bytesSource(readFileSync(new URL('state-dict.pt', DIR))));
  const root = checkpoint.root as Map<string, unknown>;
  assert.equal(root.get('epoch'), 3);
  assert.equal(root.get('name'), 'fixture');
});
