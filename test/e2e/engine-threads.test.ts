// WASM threads in the engine host. The build does not isolate its pages (see the benchmark's browser
// section), so this runs a copy of the test build with the manifest's cross-origin isolation keys added:
// onnxruntime-web then runs on several threads, and they must start (ort.ts loads the runtime's module
// from its own file, which each thread's worker runs; started from engine-host.js they never came up and
// the first session waited for ever).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { engineHost, inEngineHost, launch, TEST_BUILD, toggledIsolation } from '../../build/bench/browser-harness';
import type { ModelEntry } from '../../src/engine/types';
import type { BenchEnvironment } from '../../src/extension/engine-host/test-bench';
import type { ExtensionBrowser } from './support/browser';

let copy: ReturnType<typeof toggledIsolation>;
let browser: ExtensionBrowser;

before(async () => {
  copy = toggledIsolation(TEST_BUILD);
  browser = await launch(copy.dir);
  await engineHost(browser);
});

after(async () => {
  await browser?.close();
  copy?.remove();
});

test('isolated, the engine host runs the test encoder on several WASM threads', { timeout: 60_000 }, async () => {
  const env = await inEngineHost<BenchEnvironment>(browser, 'environment');
  assert.equal(env.crossOriginIsolated, true);
  assert.equal(env.numThreads, Math.min(4, env.hardwareConcurrency));
  const entry = JSON.parse(readFileSync(`${TEST_BUILD}/test-models/clip-tiny.json`, 'utf8')) as ModelEntry;
  const { key } = await inEngineHost<{ key: string }>(browser, 'openModel', `chrome-extension://${browser.extensionId}/test-models/${entry.file}`, entry, 'wasm');
  const ms = await inEngineHost<number>(browser, 'runModel', key, 2);
  assert.ok(ms > 0, `a run of ${ms} ms`);
  await inEngineHost(browser, 'closeModel', key);
});
