import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendUnavailable, pickBackend, wasmReason } from './backend';

const hardware = { adapter: 'nvidia / ampere' };
const software = { adapter: 'google / swiftshader (fallback adapter)', fallback: true };
const none = { unavailable: 'navigator.gpu.requestAdapter() gave no adapter' };

test('auto takes WebGPU on a hardware adapter and WASM otherwise, and says why', () => {
  assert.equal(pickBackend('auto', hardware), 'webgpu');
  assert.equal(pickBackend('auto', software), 'wasm');
  assert.equal(pickBackend('auto', none), 'wasm');
  assert.equal(wasmReason(hardware), undefined);
  assert.match(wasmReason(software) ?? '', /software/);
  assert.match(wasmReason(none) ?? '', /no adapter/);
});

test('a forced backend is obeyed, and forcing WebGPU without an adapter fails loudly', () => {
  assert.equal(pickBackend('wasm', hardware), 'wasm');
  assert.equal(pickBackend('webgpu', software), 'webgpu');
  assert.throws(() => pickBackend('webgpu', none), BackendUnavailable);
});
