import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findModel, findModelsByHash, parseModelEntry, parseRegistry, requireModel, RegistryError } from './registry';

const registryJson: unknown = JSON.parse(readFileSync(new URL('../../../models/registry.json', import.meta.url), 'utf8'));

function validEntry(): Record<string, unknown> {
  return {
    id: 'm',
    name: 'M',
    file: 'm.onnx',
    bytes: 10,
    sha256: 'AB'.repeat(32),
    input: { name: 'pixel_values', size: 224, mean: [0.1, 0.2, 0.3], std: [0.4, 0.5, 0.6] },
    features: { embedding: { output: 'image_embeds', dim: 512 }, block12: { output: 'last_hidden_state', select: 0, dim: 768 } },
    licence: 'MIT',
    test: false,
    extra: 'ignored',
  };
}

test("the package's registry is valid and pins the quantised CLIP ViT-B/32 of DESIGN.md", () => {
  const registry = parseRegistry(registryJson, 'models/registry.json');
  const clip = requireModel(registry, 'clip-vit-b32-quantized');
  assert.equal(registry.models[0], clip, 'the default model comes first');
  assert.equal(clip.bytes, 89_117_001);
  assert.equal(clip.sha256, '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299');
  assert.equal(clip.revision, 'd15189d7028b43f1d3e65039190477f6af591c2a');
  assert.ok(clip.url?.includes(`/resolve/${clip.revision}/onnx/vision_model_quantized.onnx`));
  assert.deepEqual(clip.features.embedding, { output: 'image_embeds', dim: 512 });
  for (const m of registry.models) {
    assert.equal(m.test, false);
    assert.ok(m.url?.includes(m.revision ?? 'no revision'), `${m.id} is pinned to its revision`);
    assert.ok(!m.file.includes('/'), `${m.id}: the store is flat`);
  }
});

test('parses an entry, normalising the hash and dropping unknown fields', () => {
  const entry = parseModelEntry(validEntry());
  assert.equal(entry.sha256, 'ab'.repeat(32));
  assert.equal(entry.features.block12?.select, 0);
  assert.equal('extra' in entry, false);
  assert.equal(entry.url, undefined);
});

test('errors name the source and the field', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ sha256: 'abc' }, /^x\.json: sha256: expected 64 hex digits$/],
    [{ bytes: 0 }, /^x\.json: bytes: expected an integer >= 1$/],
    [{ bytes: 1.5 }, /bytes: expected an integer/],
    [{ id: 'has space' }, /^x\.json: id: expected letters/],
    [{ file: '../escape.onnx' }, /file: expected a relative path/],
    [{ file: '/abs.onnx' }, /file: expected a relative path/],
    [{ input: { name: 'p', size: 224, mean: [0, 0], std: [1, 1, 1] } }, /input\.mean: expected 3 finite numbers/],
    [{ input: { name: 'p', size: 224, mean: [0, 0, 0], std: [1, 0, 1] } }, /input\.std: expected 3 positive finite numbers/],
    [{ features: {} }, /features: expected at least one feature/],
    [{ features: { block1: { output: 'o', dim: 4, select: -1 } } }, /features\.block1\.select: expected an integer >= 0/],
    [{ test: 'no' }, /test: expected true or false/],
    [{ url: 'ftp://x/y' }, /url: expected an http\(s\) URL/],
    [{ licence: '' }, /licence: expected a non-empty string/],
  ];
  for (const [change, expected] of cases) {
    assert.throws(() => parseModelEntry({ ...validEntry(), ...change }, 'x.json'), (err: Error) => {
      assert.ok(err instanceof RegistryError);
      assert.match(err.message, expected);
      return true;
    });
  }
});

test('registry errors point into the models list', () => {
  const bad = { version: 1, models: [validEntry(), { ...validEntry(), id: 'n', sha256: 'zz' }] };
  assert.throws(() => parseRegistry(bad, 'r.json'), /^RegistryError: r\.json: models\[1\]\.sha256: expected 64 hex digits$/);
  assert.throws(() => parseRegistry({ version: 2, models: [] }), /^RegistryError: version: expected 1, got 2$/);
  assert.throws(() => parseRegistry({ version: 1 }), /models: expected an array/);
  assert.throws(() => parseRegistry({ version: 1, models: [validEntry(), validEntry()] }), /models\[1\]\.id: "m" appears twice/);
  assert.throws(
    () => parseRegistry({ version: 1, models: [validEntry(), { ...validEntry(), id: 'n' }] }),
    /models\[1\]\.file: "m\.onnx" appears twice/,
  );
});

test('finds entries by id and by hash', () => {
  const registry = parseRegistry({ version: 1, models: [validEntry(), { ...validEntry(), id: 'n', file: 'n.onnx', bytes: 11 }] });
  assert.equal(findModel(registry, 'n')?.bytes, 11);
  assert.equal(findModel(registry, 'zz'), undefined);
  assert.throws(() => requireModel(registry, 'zz'), /no model "zz" in the registry \(known: m, n\)/);
  assert.deepEqual(findModelsByHash(registry, 'AB'.repeat(32)).map((m) => m.id), ['m', 'n']);
  assert.deepEqual(findModelsByHash(registry, 'ab'.repeat(32), 11).map((m) => m.id), ['n']);
});
