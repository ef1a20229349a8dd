// Images ready together are encoded as one batch (engine-host/encode-batcher.ts), and each still gets its
// own verdict: in Chromium, six images that arrive at the same moment (the server's /slow/ path answers
// each after the same pause) take fewer encoder runs than images, and every verdict's probabilities are
// the ones the same test encoder and head give that image alone, computed here in Node.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEncoder } from '../../src/engine/encoder';
import { parseHeadPack } from '../../src/engine/head/head-pack';
import { verdictOf } from '../../src/engine/verdict/verdict';
import { decodeImage } from '../../src/engine/image/decode';
import { parseModelEntry } from '../../src/engine/models/registry';
import { preprocess } from '../../src/engine/preprocess';
import { loadRuntime } from '../../src/node/ort-runtimes';
import { familyImage, FAMILIES } from '../support/families';
import { call, clickMenu } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { pageHtml, startServer, type TestServer } from './support/server';

const BUILD = 'dist/chrome-test';
// Six: Chromium opens at most six connections to one HTTP/1.1 server, so six arrive together.
const IMAGES = Array.from({ length: 6 }, (_, i) => ({ family: FAMILIES[i % FAMILIES.length]!, seed: 40 + i }));

/** The verdict probabilities of one image alone, with the test encoder and head a test build installs. */
async function aloneInNode(): Promise<Record<string, number>[]> {
  const dir = join(BUILD, 'test-models');
  const entry = parseModelEntry(JSON.parse(await readFile(join(dir, 'clip-tiny.json'), 'utf8')), 'clip-tiny.json');
  const head = parseHeadPack(JSON.parse(await readFile(join(dir, 'test-head.json'), 'utf8')), 'test-head.json');
  const { ort, runtime, executionProviders } = await loadRuntime('wasm');
  const encoder = await createEncoder(ort, await readFile(join(dir, entry.file)), entry, { runtime, executionProviders });
  try {
    const out: Record<string, number>[] = [];
    for (const { family, seed } of IMAGES) {
      const [features] = await encoder.encode([preprocess(await decodeImage(familyImage(family, seed)), entry.input)]);
      out.push(verdictOf([head], features!).probabilities);
    }
    return out;
  } finally {
    await encoder.release();
  }
}

let browser: ExtensionBrowser;
let site: TestServer;

before(async () => {
  site = await startServer({ '/page.html': pageHtml('Batch', []) });
  browser = await launchWithExtension(BUILD);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('six images ready together take fewer encoder runs than images, and each verdict is its own image', { timeout: 120_000 }, async () => {
  const { tabId } = await openTab(browser, `${site.origin}/page.html`);
  await call(browser.worker, 'test.installModels', {});
  const before = await call(browser.worker, 'engine.status', {});
  const urls = IMAGES.map(({ family, seed }) => `${site.origin}/slow/img/${family}-${seed}.png`);
  const records = await Promise.all(urls.map((url) => clickMenu(browser.worker, url, tabId)));
  const after = await call(browser.worker, 'engine.status', {});

  for (const { record } of records) assert.notEqual(record.verdict.kind, 'error', JSON.stringify(record.verdict));
  assert.equal(after.runs - before.runs, IMAGES.length, 'every image encoded once');
  const batches = after.batches - before.batches;
  assert.ok(batches < IMAGES.length / 2, `${IMAGES.length} images in ${batches} encoder runs`);

  const expected = await aloneInNode();
  const distinct = new Set(expected.map((p) => Object.values(p)[0]!.toFixed(4)));
  assert.ok(distinct.size > IMAGES.length / 2, 'the images give different probabilities, so a mix-up would show');
  records.forEach(({ record }, i) => {
    for (const [name, p] of Object.entries(expected[i]!)) {
      const got = record.verdict.probabilities[name]!;
      assert.ok(Math.abs(got - p) < 1e-4, `${urls[i]}: ${name} ${got} in the batch, ${p} alone`);
    }
  });
});
