// The WebGPU device lost mid-session, in Chromium (its software adapter here): the engine host's document
// closes itself, the background starts a new one with a fresh device and repeats the request; no verdict is
// lost and none turns into an error.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from './support/background';
import type { ExtensionBrowser } from './support/browser';
import { type ModelsAndTab, startWithModelsAndTab } from './support/models-and-tab';
import { evaluateInOffscreen } from './support/offscreen-eval';

describe('the GPU device lost', { timeout: 120_000 }, () => {
  let session: ModelsAndTab;
  let browser: ExtensionBrowser;

  before(async () => {
    session = await startWithModelsAndTab();
    browser = session.browser;
    await call(browser.worker, 'settings.update', { backend: 'webgpu' });
  });

  after(() => session?.close());

  const attribute = (path: string) => session.attribute(path);

  test('after the device is lost, the next images get their verdicts from a new engine host', async () => {
    const first = await attribute('/img/smooth-90.png');
    assert.notEqual(first.verdict.kind, 'error', first.verdict.reason);
    assert.equal(first.runtime, 'onnxruntime-web/webgpu');

    const reason = await evaluateInOffscreen(browser, '(globalThis.originlensGpuTest.loseDevice())');
    assert.equal(reason, 'destroyed');

    const runsBefore = (await call(browser.worker, 'engine.status', {})).runs;
    for (const path of ['/img/stripes-91.png', '/img/blocks-92.png']) {
      const record = await attribute(path);
      assert.notEqual(record.verdict.kind, 'error', `${path}: ${record.verdict.reason}`);
      assert.equal(record.runtime, 'onnxruntime-web/webgpu', `${path}: on a fresh device`);
    }
    // A new engine host counts its runs from zero: these two only.
    assert.ok(runsBefore >= 1);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, 2, 'a new engine host made them');
  });
});
