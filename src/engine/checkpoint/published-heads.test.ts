import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { bytesSource, openCheckpoint } from '.';

// The detector heads their authors publish (copies with their licences, SOURCES.md names where from),
// read here as torch.load reads them (expected.json, from build/make-checkpoint-fixtures.py).
const DIR = new URL('../../../test/fixtures/published-heads/', import.meta.url);
type Expected = Record<string, Record<string, { shape: number[]; sum: number; first: number[] }>>;
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as Expected;
const sources = readFileSync(new URL('SOURCES.md', DIR), 'utf8');
const files = readdirSync(DIR).filter((f) => /\.(pth|ckpt)$/.test(f));

test('every published head is covered', () => {
  assert.deepEqual(Object.keys(expected).sort(), files.sort());
  assert.equal(files.length, 7);
});

for (const file of files) {
  test(`${file}: the bytes SOURCES.md pins, and the tensors torch.load reads`, async () => {
    const bytes = readFileSync(new URL(file, DIR));
    const sha = createHash('sha256').update(bytes).digest('hex');
    assert.ok(sources.includes(`| ${file} |`) && new RegExp(`\\| ${file.replace(/\./g, '\\.')} \\|.*\\| ${sha} \\|`).test(sources), `${file} has SHA-256 ${sha} in SOURCES.md`);
    const checkpoint = await openCheckpoint(bytesSource(bytes), file);
    assert.equal(checkpoint.format, 'pytorch');
    const want = expected[file]!;
    assert.deepEqual([...checkpoint.tensors.keys()].sort(), Object.keys(want).sort());
    for (const [name, spec] of Object.entries(want)) {
      const tensor = checkpoint.tensors.get(name)!;
      assert.deepEqual(tensor.shape, spec.shape, name);
      const values = await tensor.readFloat32();
      assert.deepEqual(Array.from(values.subarray(0, 8)), spec.first, name);
      const sum = values.reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - spec.sum) < 1e-4 * (1 + Math.abs(spec.sum)), `${name}: sum ${sum} against ${spec.sum}`);
    }
  });
}

test('the heads carry the shapes their authors describe', async () => {
  const shapes = async (file: string): Promise<Record<string, readonly number[]>> => {
    const checkpoint = await openCheckpoint(bytesSource(readFileSync(new URL(file, DIR))), file);
    return Object.fromEntries([...checkpoint.tensors].map(([k, t]) => [k, t.shape]));
  };
  assert.deepEqual(await shapes('univfd-fc_weights.pth'), { weight: [1, 768], bias: [1] });
  assert.deepEqual(await shapes('clipcues-linear_probe_combined.ckpt'), {
    'state_dict.model.classification_head.fc.weight': [1, 1024],
    'state_dict.model.classification_head.fc.bias': [1],
  });
  assert.deepEqual(await shapes('clipcues-clip_orthogonal_combined.ckpt'), {
    'state_dict.model.classification_head.layers.0.weight': [8, 1024],
    'state_dict.model.classification_head.layers.0.bias': [8],
    'state_dict.model.classification_head.to_logits.weight': [1, 8],
    'state_dict.model.classification_head.to_logits.bias': [1],
  });
});
