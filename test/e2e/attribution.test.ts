// The extension end to end in Chromium: the test build installs the test encoder and head through its
// test-only path, then images of a page served on 127.0.0.1 are attributed through the context menu's
// code path by the engine host in the offscreen document, cached, and refused when broken.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, clickMenu } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { pageHtml, startServer, type TestServer } from './support/server';

const FEED = ['/img/smooth-1.png', '/img/stripes-2.png', '/img/blocks-3.png', '/img/speckle-4.png'];
const BROKEN = { missing: '/broken/404.png', html: '/broken/html.png', truncated: '/broken/truncated.png' };

describe('the extension in Chromium', { timeout: 240_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let cdn: TestServer;
  let pageUrl: string;
  let tabId: number;
  const img = (path: string) => `${cdn.origin}${path}`;

  before(async () => {
    cdn = await startServer();
    const images = [...FEED, ...Object.values(BROKEN)].map((p) => `${cdn.origin}${p}`);
    // The page lives on the other origin, as a feed and its image CDN do.
    site = await startServer({ '/feed.html': pageHtml('Feed', images) });
    pageUrl = `${site.origin}/feed.html`;
    browser = await launchWithExtension('dist/chrome-test');
    ({ tabId } = await openTab(browser, pageUrl));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await cdn?.close();
  });

  test('before any model is installed, attribution says so instead of guessing', async () => {
    const { record } = await clickMenu(browser.worker, img(FEED[0]!), tabId);
    assert.equal(record.verdict.kind, 'error');
    assert.match(record.verdict.reason ?? '', /no attribution model is installed/i);
  });

  test('the test build installs the test encoder and head through its test-only path', async () => {
    const installed = await call(browser.worker, 'test.installModels', {});
    assert.equal(installed.encoder, 'test-clip-tiny');
    assert.match(installed.head, /^test-head-[0-9a-f]{16}$/);
    const settings = await call(browser.worker, 'settings.get', {});
    assert.equal(settings.headId, installed.head);
  });

  test('"Attribute this image" gets a verdict from the engine host, stored in the database', async (t) => {
    const before = await call(browser.worker, 'engine.status', {});
    const { record, ms } = await clickMenu(browser.worker, img(FEED[0]!), tabId);
    t.diagnostic(`first attribution (offscreen document, model load, fetch, inference): ${ms.toFixed(0)} ms on ${record.runtime}`);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.cached, false);
    assert.equal(record.verdict.encoder, 'test-clip-tiny');
    assert.deepEqual(Object.keys(record.verdict.probabilities).sort(), ['real', 'test-gen-a', 'test-gen-b']);
    const total = Object.values(record.verdict.probabilities).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-5, `probabilities sum to ${total}`);
    assert.ok(Number.isFinite(record.verdict.llr) && Number.isFinite(record.verdict.openSetScore));
    assert.match(record.hash ?? '', /^[0-9a-f]{64}$/);
    const after = await call(browser.worker, 'engine.status', {});
    assert.equal(after.runs, before.runs + 1, 'one encoder run');

    const stored = await browser.worker.evaluate(
      ([hash, encoder, head]) =>
        (globalThis as unknown as { originlensTest: { db(): { verdicts: { get(k: unknown): Promise<{ verdict: { kind: string } } | undefined> } } } }).originlensTest
          .db()
          .verdicts.get([hash, encoder, head]),
      [record.hash!, record.verdict.encoder, record.verdict.head] as const,
    );
    assert.equal(stored?.verdict.kind, record.verdict.kind);

    // Warm: the engine is loaded, so this is fetch, hash, decode, preprocess, encode, head.
    const second = await clickMenu(browser.worker, img(FEED[1]!), tabId);
    t.diagnostic(`warm attribution: ${second.ms.toFixed(0)} ms (engine ${second.record.verdict.ms.toFixed(0)} ms) on ${second.record.runtime}`);
    assert.notEqual(second.record.verdict.kind, 'error', second.record.verdict.reason);
  });

  test('the same image again, after a reload or from another origin, costs no new inference', async () => {
    const before = await call(browser.worker, 'engine.status', {});
    const fetchesBefore = cdn.hits.get(FEED[0]!) ?? 0;
    const again = await clickMenu(browser.worker, img(FEED[0]!), tabId);
    assert.equal(again.record.cached, true);
    assert.equal(cdn.hits.get(FEED[0]!) ?? 0, fetchesBefore, 'found by URL: not even fetched');

    const page = browser.context.pages().find((p) => p.url() === pageUrl)!;
    await page.reload();
    const reloaded = await clickMenu(browser.worker, img(FEED[0]!), tabId);
    assert.equal(reloaded.record.cached, true);

    // The same bytes at another URL: fetched and hashed, then found by content hash.
    const elsewhere = await clickMenu(browser.worker, `${site.origin}${FEED[0]!}`, tabId);
    assert.equal(elsewhere.record.cached, true);
    assert.equal(elsewhere.record.hash, again.record.hash);
    assert.deepEqual(elsewhere.record.verdict.probabilities, again.record.verdict.probabilities);

    const after = await call(browser.worker, 'engine.status', {});
    assert.equal(after.runs, before.runs, 'no encoder run');
  });

  test('broken images get error verdicts with a reason, and the others still get verdicts', async () => {
    const urls = [img(BROKEN.missing), img(FEED[2]!), img(BROKEN.html), img(BROKEN.truncated), img(FEED[3]!)];
    const results = await Promise.all(urls.map((u) => clickMenu(browser.worker, u, tabId)));
    const [missing, good1, html, truncated, good2] = results.map((r) => r.record.verdict);
    assert.equal(missing!.kind, 'error');
    assert.match(missing!.reason ?? '', /404/);
    assert.equal(html!.kind, 'error');
    assert.match(html!.reason ?? '', /not an image/i);
    assert.equal(truncated!.kind, 'error');
    assert.match(truncated!.reason ?? '', /cannot be read/);
    assert.notEqual(good1!.kind, 'error', good1!.reason);
    assert.notEqual(good2!.kind, 'error', good2!.reason);
    // Errors carry no numbers, and say so with NaN rather than with made-up values.
    assert.ok(Number.isNaN(missing!.llr));
  });

  test('a URL a page should never make us fetch is refused before anything is fetched', async () => {
    const { record } = await clickMenu(browser.worker, 'file:///etc/passwd', tabId);
    assert.equal(record.verdict.kind, 'error');
    assert.match(record.verdict.reason ?? '', /file: URLs are not accepted/);
  });

  test('WASM and WebGPU give the same verdict on the same image', async (t) => {
    const status = await call(browser.worker, 'engine.status', {});
    t.diagnostic(`WebGPU adapter in the offscreen document: ${status.adapter ?? `none (${status.webgpuUnavailable})`}`);
    const records = [];
    for (const backend of ['wasm', 'webgpu'] as const) {
      await call(browser.worker, 'settings.update', { backend });
      await call(browser.worker, 'cache.clear', {});
      const first = await clickMenu(browser.worker, img(FEED[1]!), tabId);
      const warm = await clickMenu(browser.worker, img(FEED[2]!), tabId);
      t.diagnostic(`${backend}: first ${first.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms (engine ${warm.record.verdict.ms.toFixed(0)} ms), runtime ${first.record.runtime}`);
      // Loudly, with the reason: a WebGPU that is missing here is a finding, not something to skip.
      assert.notEqual(first.record.verdict.kind, 'error', `${backend}: ${first.record.verdict.reason}`);
      assert.equal(first.record.runtime, `onnxruntime-web/${backend}`);
      records.push(first.record);
    }
    const [wasm, webgpu] = records;
    assert.equal(webgpu!.verdict.kind, wasm!.verdict.kind);
    assert.equal(webgpu!.verdict.generator, wasm!.verdict.generator);
    for (const [name, p] of Object.entries(wasm!.verdict.probabilities)) {
      const q = webgpu!.verdict.probabilities[name]!;
      assert.ok(Math.abs(p - q) < 1e-3, `${name}: wasm ${p}, webgpu ${q}`);
    }
    assert.ok(Math.abs(wasm!.verdict.llr - webgpu!.verdict.llr) < 1e-2, `LLR: wasm ${wasm!.verdict.llr}, webgpu ${webgpu!.verdict.llr}`);
  });

  test('"auto" runs on WASM when the only WebGPU adapter is the software one, and says why', async () => {
    await call(browser.worker, 'settings.update', { backend: 'auto' });
    const { record } = await clickMenu(browser.worker, img('/img/rings-5.png'), tabId);
    assert.equal(record.runtime, 'onnxruntime-web/wasm');
    const status = await call(browser.worker, 'engine.status', {});
    assert.equal(status.backend, 'wasm');
    assert.match(status.adapter ?? '', /fallback adapter/);
    assert.match(status.webgpuUnavailable ?? '', /software WebGPU adapter/);
  });

  test('the verdict cache keeps the most recently used verdicts and never touches models', async () => {
    type Hooks = {
      db(): { verdicts: { count(): Promise<number>; toArray(): Promise<{ hash: string; usedAt: number }[]> }; models: { count(): Promise<number> }; heads: { count(): Promise<number> } };
      evict(max: number): Promise<{ verdicts: number }>;
    };
    const newest = await clickMenu(browser.worker, img(FEED[3]!), tabId);
    const outcome = await browser.worker.evaluate(async () => {
      const hooks = (globalThis as unknown as { originlensTest: Hooks }).originlensTest;
      const before = await hooks.db().verdicts.count();
      const evicted = await hooks.evict(2);
      const left = await hooks.db().verdicts.toArray();
      return { before, evicted: evicted.verdicts, left: left.map((r) => r.hash), models: await hooks.db().models.count(), heads: await hooks.db().heads.count() };
    });
    assert.ok(outcome.before > 2, `only ${outcome.before} verdicts to evict from`);
    assert.equal(outcome.left.length, 1, 'trimmed a little below the cap');
    assert.equal(outcome.evicted, outcome.before - 1);
    assert.deepEqual(outcome.left, [newest.record.hash], 'the most recently used one stays');
    assert.equal(outcome.models, 1);
    assert.equal(outcome.heads, 1);
  });

  test('a cache hit counts as a use for eviction: its stamp is written behind, by itself or before evicting', async () => {
    const outcome = await browser.worker.evaluate(async () => {
      type Row = { hash: string; usedAt: number };
      const hooks = (
        globalThis as unknown as {
          originlensTest: {
            db(): { verdicts: { bulkPut(rows: unknown[]): Promise<unknown>; get(key: string[]): Promise<Row | undefined>; toArray(): Promise<Row[]> } };
            verdictFor(hash: string, encoder: string, head: string): Promise<unknown>;
            evict(max: number): Promise<{ verdicts: number }>;
          };
        }
      ).originlensTest;
      const verdict = { kind: 'real', probabilities: { real: 1 }, scores: {} };
      const hashes = ['1', '2', '3'].map((c) => c.repeat(64));
      await hooks.db().verdicts.bulkPut(hashes.map((hash, i) => ({ hash, encoder: 'stamps', head: 'stamps', verdict, runtime: 'test', createdAt: i, usedAt: i })));
      // A hit on the oldest row: its new time of use reaches the database by itself, a moment later.
      const firstHit = (await hooks.verdictFor(hashes[0]!, 'stamps', 'stamps')) !== undefined;
      const deadline = Date.now() + 10_000;
      let stamped = false;
      while (!stamped && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stamped = ((await hooks.db().verdicts.get([hashes[0]!, 'stamps', 'stamps']))?.usedAt ?? 0) > 2;
      }
      // A hit just before eviction: eviction writes the pending stamp first, so that row is the one kept.
      const secondHit = (await hooks.verdictFor(hashes[1]!, 'stamps', 'stamps')) !== undefined;
      await hooks.evict(2);
      return { firstHit, stamped, secondHit, left: (await hooks.db().verdicts.toArray()).map((r) => r.hash) };
    });
    assert.ok(outcome.firstHit && outcome.secondHit, 'the look-ups found the rows');
    assert.ok(outcome.stamped, 'the first hit was written as a use within 10 s');
    assert.deepEqual(outcome.left, ['2'.repeat(64)], 'eviction kept the row used last');
  });

  test('queued jobs survive the service worker being stopped, and finish when it comes back', async () => {
    const urls = ['/slow/img/smooth-21.png', '/slow/img/stripes-22.png', '/slow/img/blocks-23.png'].map(img);
    type Hooks = {
      onMenuClick(info: unknown, tab: unknown): Promise<unknown>;
      queueSnapshot(): Promise<{ queued: unknown[]; running: unknown[] }>;
      db(): { urls: { get(url: string): Promise<{ hash: string } | undefined> } };
    };
    await browser.worker.evaluate(
      ([list, tab]) => {
        const hooks = (globalThis as unknown as { originlensTest: Hooks }).originlensTest;
        // Not awaited: the callers die with the worker; the jobs must not.
        for (const srcUrl of list) void hooks.onMenuClick({ menuItemId: 'originlens-attribute-image', srcUrl, editable: false }, { id: tab }).catch(() => undefined);
      },
      [urls, tabId] as const,
    );
    const snapshot = () => browser.worker.evaluate(() => (globalThis as unknown as { originlensTest: Hooks }).originlensTest.queueSnapshot());
    let pending = await snapshot();
    for (let i = 0; i < 50 && pending.queued.length + pending.running.length < 3; i++) pending = await snapshot();
    assert.equal(pending.running.length + pending.queued.length, 3, 'three jobs in the queue before the stop');

    await browser.stopWorker();
    const deadline = Date.now() + 60_000;
    let known: (string | undefined)[] = [];
    while (Date.now() < deadline) {
      known = await browser.worker.evaluate(
        (list) => Promise.all(list.map(async (u) => (await (globalThis as unknown as { originlensTest: Hooks }).originlensTest.db().urls.get(u))?.hash)),
        urls,
      );
      if (known.every((h) => h !== undefined)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.deepEqual(known.map((h) => typeof h), ['string', 'string', 'string'], 'every queued image was attributed after the restart');
    // An image's URL is stored once its bytes are hashed, a moment before its verdict: the queue is
    // polled until the last job has finished too.
    let after = await snapshot();
    while (after.queued.length + after.running.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      after = await snapshot();
    }
    assert.equal(after.queued.length + after.running.length, 0);
    // The restarted worker answers from the cache those jobs filled.
    const { record } = await clickMenu(browser.worker, urls[2]!, tabId);
    assert.equal(record.cached, true);
  });
});
