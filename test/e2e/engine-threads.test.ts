// WASM threads in the engine host: the extension's pages are cross-origin isolated (manifest.json's
// cross_origin_* keys), so onnxruntime-web runs on several threads, and they must start (ort.ts loads the
// runtime's module from its own file, which each thread's worker runs; started from engine-host.js they
// never came up and the first session waited for ever). Also the engine host's other fast paths, which
// fall back silently when missing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { engineHost, inEngineHost, launch, TEST_BUILD } from '../../build/bench/browser-harness';
import type { ModelEntry } from '../../src/engine/types';
import type { BenchEnvironment } from '../../src/extension/engine-host/test-bench';
import type { ExtensionBrowser } from './support/browser';

let browser: ExtensionBrowser;

before(async () => {
  browser = await launch(TEST_BUILD);
  await engineHost(browser);
});

after(async () => {
  await browser?.close();
});

test('the engine host is cross-origin isolated and runs the test encoder on several WASM threads', { timeout: 60_000 }, async () => {
  const env = await inEngineHost<BenchEnvironment>(browser, 'environment');
  assert.equal(env.crossOriginIsolated, true);
  assert.equal(env.numThreads, Math.min(4, env.hardwareConcurrency));
  const entry = JSON.parse(readFileSync(`${TEST_BUILD}/test-models/clip-tiny.json`, 'utf8')) as ModelEntry;
  const { key } = await inEngineHost<{ key: string }>(browser, 'openModel', `chrome-extension://${browser.extensionId}/test-models/${entry.file}`, entry, 'wasm');
  const ms = await inEngineHost<number>(browser, 'runModel', key, 2);
  assert.ok(ms > 0, `a run of ${ms} ms`);
  await inEngineHost(browser, 'closeModel', key);
});

test("the engine host's preprocessing has its fast paths: the browser's native inflate for PNG and the SIMD resampler", async () => {
  const env = await inEngineHost<BenchEnvironment>(browser, 'environment');
  // Either missing, images would still decode to the same pixels, only several times slower: nothing else would tell.
  assert.equal(env.nativePngInflate, true, 'PNG inflates with DecompressionStream');
  assert.equal(env.simdResampler, true, 'the WebAssembly SIMD resampler compiles under the extension\'s CSP');
});
