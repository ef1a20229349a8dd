// The popup and the options page in Chromium, opened in tabs of their own: the "no model" state, encoder
// and head import through the options page, the popup's list of the tab's verdicts, and a threshold moved
// in the options page changing the verdicts shown without any new inference.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page, Worker } from 'playwright-core';
import type { VerdictRecord } from '../../src/extension/shared/protocol';
import { makeTestHead } from '../../build/test-head';
import { parseModelEntry, parseRegistry } from '../../src/engine/models/registry';
import { call, clickMenu } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { openOptions, openPopup, screenshot } from './support/pages';
import { pageHtml, startServer, type TestServer } from './support/server';

const FEED = ['/img/smooth-31.png', '/img/stripes-32.png', '/img/blocks-33.png', '/img/speckle-34.png'];
const TEST_MODEL = 'models/test/clip-tiny.json';

/** The verdict cache's rows, as the service worker's test hooks read them. */
interface StoredRow {
  hash: string;
  encoder: string;
  head: string;
  verdict: VerdictRecord['verdict'];
}
type CacheHooks = { originlensTest: { db(): { verdicts: { get(k: unknown): Promise<StoredRow | undefined>; put(row: StoredRow): Promise<unknown>; toArray(): Promise<StoredRow[]> } } } };
const storedRows = (worker: Worker) => worker.evaluate(() => (globalThis as unknown as CacheHooks).originlensTest.db().verdicts.toArray());

const kinds = (page: Page) => page.locator('.images .verdict-view').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));

describe('popup and options page', { timeout: 240_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let feedServer: TestServer;
  let pageUrl: string;
  let tabId: number;
  let images: string[];

  before(async () => {
    site = await startServer();
    images = FEED.map((p) => `${site.origin}${p}`);
    // The page on another origin than its images, as a feed and its image CDN are.
    feedServer = await startServer({ '/feed.html': pageHtml('Feed', images) });
    pageUrl = `${feedServer.origin}/feed.html`;
    browser = await launchWithExtension('dist/chrome-test');
    ({ tabId } = await openTab(browser, pageUrl));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await feedServer?.close();
  });

  test('with no model installed, the popup and the options page say so, and the popup leads to the welcome page', async (t) => {
    const popup = await openPopup(browser, tabId);
    const notice = popup.locator('[data-testid="no-model"]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /No model installed/);
    assert.equal(await popup.locator('.images').count(), 0, 'no image list without a model');
    await screenshot(popup, 'popup-no-model.png', t);
    const [welcome] = await Promise.all([browser.context.waitForEvent('page'), notice.getByRole('button').click()]);
    await welcome.waitForURL(/welcome\.html$/);
    await welcome.getByTestId('detector-univfd').waitFor();
    await welcome.close();
    const options = await openOptions(browser);
    const banner = options.locator('[data-testid="no-model"]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /No model installed/);
    await screenshot(options, 'options-no-model.png', t);
    await popup.close();
    await options.close();
  });

  test('the options page installs an encoder file only when its SHA-256 is pinned, and refuses a head for another encoder', async (t) => {
    const options = await openOptions(browser);
    const encoderStatus = options.locator('[data-testid="encoder-status"]');
    const headStatus = options.locator('[data-testid="head-status"]');

    await options.locator('[data-testid="import-encoder"]').setInputFiles({ name: 'stranger.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model') });
    await encoderStatus.getByText(/Not installed: "stranger\.onnx" is none of the encoders/).waitFor();

    const entry = parseModelEntry(JSON.parse(await readFile(TEST_MODEL, 'utf8')), TEST_MODEL);
    await options.locator('[data-testid="import-encoder"]').setInputFiles({ name: entry.file, mimeType: 'application/octet-stream', buffer: await readFile(`models/test/${entry.file}`) });
    await encoderStatus.getByText(/Installed .*SHA-256 matches/).waitFor();
    await options.locator(`[data-encoder="${entry.id}"]`).getByText('installed', { exact: false }).waitFor();

    // A head trained for one of the registry's real encoders, which is not installed here.
    const [real] = parseRegistry(JSON.parse(await readFile('models/registry.json', 'utf8'))).models;
    const foreign = { ...makeTestHead(entry), encoder: { id: real!.id, sha256: real!.sha256 } };
    await options.locator('[data-testid="import-head"]').setInputFiles({ name: 'foreign-head.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(foreign)) });
    await headStatus.getByText(`Refused "foreign-head.json": head "${foreign.name}" needs encoder ${real!.id}, which is not installed`).waitFor();
    // The same encoder id with other weights is refused too.
    const otherWeights = { ...makeTestHead(entry), encoder: { id: entry.id, sha256: '0'.repeat(64) } };
    await options.locator('[data-testid="import-head"]').setInputFiles({ name: 'other-weights.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(otherWeights)) });
    await headStatus.getByText(/Refused "other-weights\.json": .*trained for other weights/).waitFor();
    await options.locator('[data-testid="import-head"]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "originlens-head"') });
    await headStatus.getByText('"broken.json" is not a head pack: it is not JSON').waitFor();
    assert.equal((await call(browser.worker, 'models.state', {})).heads.length, 0, 'nothing refused was stored');

    const good = makeTestHead(entry);
    await options.locator('[data-testid="import-head"]').setInputFiles({ name: 'test-head.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
    await headStatus.getByText(`Installed head "${good.name}" for encoder ${entry.id}.`).waitFor();
    await options.locator('[data-testid="no-model"]').waitFor({ state: 'detached' });
    const state = await call(browser.worker, 'models.state', {});
    assert.deepEqual(state.active, { encoder: entry.id, head: good.id }, 'the first head imported is the active one');
    assert.equal(state.missing, undefined);
    assert.equal(await options.locator(`[data-head="${good.id}"] input[type="radio"]`).isChecked(), true);
    await screenshot(options, 'options-models.png', t);
    await options.close();
  });

  test("the popup lists the tab's images with their verdicts", async (t) => {
    // The page's site gets automatic badges: its content script attributes the images on screen.
    const settings = await call(browser.worker, 'settings.get', {});
    await call(browser.worker, 'settings.update', { autoBadgeSites: [...settings.autoBadgeSites, '127.0.0.1'] });
    const feed = browser.context.pages().find((p) => p.url() === pageUrl)!;
    await feed.reload();
    const popup = await openPopup(browser, tabId);
    await popup.locator('[data-testid="test-build"]').waitFor();
    for (const url of images) await popup.locator(`.image[data-url="${url}"] .verdict-view`).waitFor({ timeout: 60_000 });
    const listed = await kinds(popup);
    assert.equal(listed.length, images.length);
    for (const kind of listed) assert.notEqual(kind, 'error', await popup.locator('.images').innerText());
    // Each thumbnail renders, and is the engine host's picture, not a request for the page's image (which
    // the cross-origin isolated popup could not load from another origin).
    const thumbnails = await popup.locator('.images img.thumbnail').evaluateAll((imgs) =>
      (imgs as HTMLImageElement[]).map((img) => ({ width: img.naturalWidth, height: img.naturalHeight, src: img.src.slice(0, 22), complete: img.complete })),
    );
    assert.equal(thumbnails.length, images.length, 'a thumbnail for every image');
    for (const th of thumbnails) {
      assert.equal(th.src, 'data:image/png;base64,');
      assert.ok(th.complete && th.width > 0 && th.width <= 48 && th.height > 0, JSON.stringify(th));
    }
    const bars = popup.locator(`.image[data-url="${images[0]}"] .probs .name`);
    assert.deepEqual((await bars.allInnerTexts()).sort(), ['real', 'test-gen-a', 'test-gen-b']);
    assert.match(await popup.locator('[data-testid="engine"]').innerText(), /Engine: WebAssembly \(WASM\) — not WebGPU: /);
    const badgeSwitch = popup.locator('[data-testid="site-switch"]');
    assert.equal(await badgeSwitch.isChecked(), true);
    // The switch shows the settings it was last told of; the broadcast of the change just made can arrive
    // after a click and redraw it as it was, so the click is repeated until the settings agree. The
    // settings are written after the switch moves, so they are polled, both ways.
    const switchSite = async (on: boolean) => {
      const saved = async () => (await call(browser.worker, 'settings.get', {})).autoBadgeSites.includes('127.0.0.1');
      const deadline = Date.now() + 10_000;
      while ((await saved()) !== on && Date.now() < deadline) {
        if ((await badgeSwitch.isChecked()) !== on) await badgeSwitch.click();
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(await saved(), on, on ? 'and on again' : 'switched off for the site');
      await popup.waitForFunction((want) => (document.querySelector('[data-testid="site-switch"]') as HTMLInputElement).checked === want, on);
    };
    await switchSite(false);
    await switchSite(true);
    // A settings change restarts the page's badges; the listing comes back from the cache.
    for (const url of images) await popup.locator(`.image[data-url="${url}"] .verdict-view`).waitFor({ timeout: 60_000 });
    await screenshot(popup, 'popup.png', t);

    // Under an open-set threshold nothing reaches, every image gets the boxed unknown-generator warning,
    // and the open popup follows the change on its own.
    await call(browser.worker, 'settings.update', { thresholds: { openSet: 1000 } });
    await popup.locator('.images .warning').nth(images.length - 1).waitFor();
    assert.deepEqual(await kinds(popup), images.map(() => 'unknown-generator'));
    assert.match(await popup.locator('.images .verdict').first().innerText(), /⚠ Synthetic, unknown generator/);
    await screenshot(popup, 'popup-unknown.png', t);
    await call(browser.worker, 'settings.update', { thresholds: { openSet: null } });
    await popup.close();
  });

  test('a threshold changed in the options page changes the verdicts shown, with no new inference', async (t) => {
    for (const url of images) assert.notEqual((await clickMenu(browser.worker, url, tabId)).record.verdict.kind, 'error');
    const runsBefore = (await call(browser.worker, 'engine.status', {})).runs;
    const options = await openOptions(browser);
    const preview = options.locator('[data-testid="preview"]');
    await preview.waitFor();
    const count = async (kind: string, column: 'before' | 'after') => Number(await preview.locator(`tr[data-kind="${kind}"] td.${column}`).innerText());
    let total = 0;
    for (const kind of ['real', 'generator', 'unknown-generator', 'unplaced']) total += await count(kind, 'before');
    assert.ok(total >= images.length, `the cache holds the page's verdicts (${total})`);
    // Whichever way moves every verdict: all real, or (if they are all real already) all named generators.
    const allReal = (await count('real', 'before')) < total;
    await options.locator('#open-set').fill('-1000');
    await options.locator('#llr').fill(allReal ? '1000' : '-1000');
    const target = allReal ? 'real' : 'generator';
    await preview.locator(`tr[data-kind="${target}"] td.after.changed`).waitFor();
    assert.equal(await count(target, 'after'), total, 'the preview judges every cached verdict again');
    await screenshot(options, 'options.png', t);
    await options.getByTestId('apply-thresholds').click();
    await options.getByTestId('thresholds-status').getByText(/^Saved/).waitFor();
    assert.deepEqual((await call(browser.worker, 'settings.get', {})).thresholds, { llr: allReal ? 1000 : -1000, openSet: -1000 });
    // Saving decided the cached verdicts again and stored them in the form that is shown.
    const { head } = (await clickMenu(browser.worker, images[0]!, tabId)).record.verdict;
    const rows = (await storedRows(browser.worker)).filter((r) => r.head === head && r.verdict.kind !== 'error');
    assert.ok(rows.length >= images.length, `the cache holds the page's verdicts (${rows.length})`);
    for (const row of rows) {
      assert.equal(row.verdict.kind, target, 'stored in its new form');
      assert.deepEqual(row.verdict.evidence?.[0]?.applied, { llr: allReal ? 1000 : -1000, openSet: -1000 }, 'with the thresholds it was decided under');
    }

    const popup = await openPopup(browser, tabId);
    // Saving the settings restarts the page's badges: wait for every image to be listed again.
    await popup.waitForFunction(
      ({ k, n }) => {
        const shown = [...document.querySelectorAll('.images .verdict-view')].map((e) => e.getAttribute('data-kind'));
        return shown.length === n && shown.every((s) => s === k);
      },
      { k: target, n: images.length },
    );
    assert.deepEqual(await kinds(popup), images.map(() => target));
    await screenshot(popup, 'popup-after-threshold.png', t);
    // The context menu's answer (the overlay) agrees, from the cache.
    const { record } = await clickMenu(browser.worker, images[1]!, tabId);
    assert.equal(record.verdict.kind, target);
    assert.equal(record.cached, true);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runsBefore, 'no encoder run');

    await call(browser.worker, 'settings.update', { thresholds: { llr: null, openSet: null } });
    await popup.close();
    await options.close();
  });

  test('every surface shows a verdict as it is stored: nothing on the way decides it again', async () => {
    const { record } = await clickMenu(browser.worker, images[0]!, tabId);
    assert.notEqual(record.verdict.kind, 'error');
    const key = [record.hash!, record.verdict.encoder, record.verdict.head];
    // A sentinel: the stored verdict keeps its evidence and the thresholds in force it was decided under,
    // but says a kind that no decision from that evidence gives. A surface (or a message on the way to it)
    // that decided the verdict again would show the evidence's kind; one that shows the stored form shows this.
    const planted = record.verdict.kind === 'real' ? 'unplaced' : 'real';
    const original = await browser.worker.evaluate(
      async ([k, kind]) => {
        const verdicts = (globalThis as unknown as CacheHooks).originlensTest.db().verdicts;
        const row = (await verdicts.get(k))!;
        const verdict = { ...row.verdict, kind: kind as 'real' };
        delete verdict.generator;
        await verdicts.put({ ...row, verdict });
        return row;
      },
      [key, planted] as const,
    );
    try {
      const feed = browser.context.pages().find((p) => p.url() === pageUrl)!;
      await feed.reload();
      const popup = await openPopup(browser, tabId);
      const shown = popup.locator(`.image[data-url="${images[0]}"] .verdict-view`);
      await shown.waitFor({ timeout: 60_000 });
      assert.equal(await shown.getAttribute('data-kind'), planted, 'the popup shows the stored form');
      await popup.close();
      const again = await clickMenu(browser.worker, images[0]!, tabId);
      assert.deepEqual([again.record.verdict.kind, again.record.cached], [planted, true], 'the overlay is given the stored form');
    } finally {
      await browser.worker.evaluate((row) => (globalThis as unknown as CacheHooks).originlensTest.db().verdicts.put(row), original);
    }
  });

  test("a combined head's threshold is set in the options page with the live preview, and saved verdicts follow it", async (t) => {
    // A detector over the test encoder's embedding, combined with the test head.
    const entry = parseModelEntry(JSON.parse(await readFile(TEST_MODEL, 'utf8')), TEST_MODEL);
    let seed = 5;
    const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.2;
    const pack = {
      format: 'originlens-head',
      version: 2,
      kind: 'detector',
      id: 'combined-detector@0001',
      name: 'Combined detector',
      encoder: { id: entry.id, sha256: entry.sha256 },
      feature: { name: 'embedding', normalize: 'l2' },
      layers: [{ weights: [Array.from({ length: entry.features.embedding!.dim }, next)], bias: [0] }],
      thresholds: { llr: 0 },
      provenance: { trainedOn: 'nothing: fixed weights for a test', createdAt: 'test', software: 'test' },
    };
    const detector = (await call(browser.worker, 'heads.import', { pack, source: 'combined.json' })).id;
    // Both heads' thresholds out of reach: every verdict real (or unplaced), whatever each head's scores.
    await call(browser.worker, 'settings.update', { withHeads: [detector], thresholds: { llr: 1000, openSet: null }, headLlr: { [detector]: 1000 } });
    for (const url of images) assert.ok(['real', 'unplaced'].includes((await clickMenu(browser.worker, url, tabId)).record.verdict.kind));
    const runsBefore = (await call(browser.worker, 'engine.status', {})).runs;

    const options = await openOptions(browser);
    const preview = options.locator('[data-testid="preview"]');
    await preview.waitFor();
    const count = async (kind: string, column: 'before' | 'after') => Number(await preview.locator(`tr[data-kind="${kind}"] td.${column}`).innerText());
    const input = options.locator(`[data-testid="head-llr"][data-head="${detector}"]`);
    assert.equal(await input.inputValue(), '1000', "the combined head's threshold as saved");
    assert.equal(await input.getAttribute('placeholder'), 'head: 0');
    const total = (await count('real', 'before')) + (await count('unplaced', 'before'));
    assert.ok(total >= images.length, `the cache holds the page's verdicts under both heads (${total})`);
    // The detector alone now says synthetic for every image: the preview shows each verdict moving.
    await input.fill('-1000');
    await options.waitForFunction(
      (n) => {
        const [real, unplaced, generator, unknown] = ['real', 'unplaced', 'generator', 'unknown-generator'].map((k) => Number(document.querySelector(`[data-testid="preview"] tr[data-kind="${k}"] td.after`)?.textContent));
        return real === 0 && unplaced === 0 && generator! + unknown! === n;
      },
      total,
    );
    assert.equal((await count('real', 'before')) + (await count('unplaced', 'before')), total, 'nothing saved yet');
    await screenshot(options, 'options-combined-head.png', t);
    await options.getByTestId('apply-thresholds').click();
    await options.getByTestId('thresholds-status').getByText(/^Saved/).waitFor();
    const saved = await call(browser.worker, 'settings.get', {});
    assert.deepEqual([saved.headLlr, saved.thresholds], [{ [detector]: -1000 }, { llr: 1000, openSet: null }]);
    const { record } = await clickMenu(browser.worker, images[0]!, tabId);
    assert.ok(['generator', 'unknown-generator'].includes(record.verdict.kind), record.verdict.kind);
    assert.deepEqual(record.verdict.evidence?.map((e) => e.applied?.llr), [1000, -1000]);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runsBefore, 'no encoder run');
    await options.close();
    await call(browser.worker, 'settings.update', { withHeads: [], headLlr: {}, thresholds: { llr: null, openSet: null } });
  });
});
