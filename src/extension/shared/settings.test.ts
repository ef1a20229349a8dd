import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPatch, DEFAULT_SETTINGS, loadSettings, parseSettings, SETTINGS_KEY, updateSettings, type SettingsStorage } from './settings';

function memoryStorage(initial: Record<string, unknown> = {}): SettingsStorage & { data: Record<string, unknown> } {
  const data = structuredClone(initial);
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
  };
}

test('nothing stored, or something that is not settings, reads as the defaults', () => {
  assert.deepEqual(parseSettings(undefined), DEFAULT_SETTINGS);
  assert.deepEqual(parseSettings('garbage'), DEFAULT_SETTINGS);
  assert.deepEqual(parseSettings([1, 2]), DEFAULT_SETTINGS);
});

test('each field is checked on read: a bad one falls back to its default, the good ones stay', () => {
  const read = parseSettings({ version: 1, backend: 'cuda', minImageSize: 200, autoBadgeSites: ['ok.example', 'not a host'], thresholds: { llr: 1.5, openSet: 'high' } });
  assert.equal(read.backend, 'auto');
  assert.equal(read.minImageSize, 200);
  assert.deepEqual(read.autoBadgeSites, DEFAULT_SETTINGS.autoBadgeSites);
  assert.deepEqual(read.thresholds, { llr: 1.5, openSet: null });
});

test('reading never hands out the defaults object itself', () => {
  const read = parseSettings(undefined);
  read.autoBadgeSites.push('changed.example');
  assert.ok(!DEFAULT_SETTINGS.autoBadgeSites.includes('changed.example'));
});

test('a patch changes what it names and refuses what is not acceptable, naming the field', () => {
  const next = applyPatch(DEFAULT_SETTINGS, { backend: 'wasm', thresholds: { openSet: 0.3 } });
  assert.equal(next.backend, 'wasm');
  assert.deepEqual(next.thresholds, { llr: null, openSet: 0.3 });
  assert.throws(() => applyPatch(DEFAULT_SETTINGS, { backend: 'gpu' }), /settings\.backend/);
  assert.throws(() => applyPatch(DEFAULT_SETTINGS, { version: 7 }), /settings\.version: no such setting/);
  assert.throws(() => applyPatch(DEFAULT_SETTINGS, { thresholds: { llr: Number.NaN } }), /thresholds\.llr/);
  assert.throws(() => applyPatch(DEFAULT_SETTINGS, { cacheMaxVerdicts: 5 }), /cacheMaxVerdicts/);
});

test('updates are stored with their version and read back; concurrent updates all land', async () => {
  const storage = memoryStorage();
  await Promise.all([updateSettings(storage, { backend: 'webgpu' }), updateSettings(storage, { minImageSize: 64 })]);
  const stored = storage.data[SETTINGS_KEY] as Record<string, unknown>;
  assert.equal(stored.version, 1);
  const read = await loadSettings(storage);
  assert.equal(read.backend, 'webgpu');
  assert.equal(read.minImageSize, 64);
  await assert.rejects(updateSettings(storage, { headId: 42 }), /headId/);
  assert.equal((await loadSettings(storage)).headId, null);
});
