// A hostile page that took over our content script, in Chromium: from the content script's own world it
// sends what it likes. It cannot reach extension-only requests (settings, cache, heads, models, another
// tab), cannot pass malformed arguments, cannot have this computer fetched from a public page, and gets no
// content hash back.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from './support/background';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { contentWorld, type ContentWorld } from './support/content-world';
import { pageHtml, startServer, type TestServer } from './support/server';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

describe('a hostile page in Chromium', { timeout: 120_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let cdn: TestServer;
  let world: ContentWorld;
  /** The CDN under a public-looking name: news.test and cdn.test resolve to 127.0.0.1 in this browser only. */
  let publicCdn: string;
  const send = (message: unknown) => world.send(message) as Promise<Reply | undefined>;

  before(async () => {
    cdn = await startServer();
    site = await startServer({ '/page.html': pageHtml('News', []) });
    publicCdn = cdn.origin.replace('127.0.0.1', 'cdn.test');
    browser = await launchWithExtension('dist/chrome-test', ['--host-resolver-rules=MAP *.test 127.0.0.1']);
    await call(browser.worker, 'test.installModels', {});
    const page = await browser.context.newPage();
    await page.goto(`${site.origin.replace('127.0.0.1', 'news.test')}/page.html`);
    world = await contentWorld(page, 'OriginLens (test build)');
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await cdn?.close();
  });

  test('extension-only requests are refused, and the settings and heads stay as they were', async () => {
    const settings = await call(browser.worker, 'settings.get', {});
    const models = await call(browser.worker, 'models.state', {});
    const attempts = [
      { type: 'settings.update', args: { autoBadgeSites: ['news.test'] } },
      { type: 'cache.clear', args: {} },
      { type: 'heads.remove', args: { id: models.active!.head } },
      { type: 'models.remove', args: { id: models.active!.encoder } },
      { type: 'test.installModels', args: {} },
      { type: 'verdicts.preview', args: { thresholds: {} } },
      { type: 'image.attributeInTab', args: { url: `${publicCdn}/img/smooth-50.png`, tabId: 1, priority: 'click' } },
      { type: '__proto__', args: {} },
    ];
    for (const { type, args } of attempts) {
      const reply = await send({ target: 'background', type, args });
      assert.equal(reply?.ok, false, type);
      assert.deepEqual(reply.ok ? undefined : reply.error.code, 'refused', type);
      assert.match(reply.ok ? '' : reply.error.message, /may not be sent from a web page/, type);
    }
    // The engine host refuses pages too (runtime messages reach every extension page), or is not running
    // to hear them: either way nothing is done.
    const engine = await send({ target: 'engine-host', type: 'engine.attribute', args: { url: `${publicCdn}/img/smooth-50.png`, encoder: 'x', head: 'y', backend: 'wasm', cacheMaxVerdicts: 1 } });
    assert.notEqual(engine?.ok, true);
    assert.deepEqual(await call(browser.worker, 'settings.get', {}), settings);
    assert.deepEqual(await call(browser.worker, 'models.state', {}), models);
    assert.equal(cdn.hits.get('/img/smooth-50.png') ?? 0, 0, 'nothing was fetched');
  });

  test('malformed arguments are refused: wrong types, extra and prototype keys, huge strings, other schemes', async () => {
    const bad = [
      { url: 42, priority: 'visible' },
      { url: `${publicCdn}/img/smooth-51.png`, priority: 'click' },
      { url: `${publicCdn}/img/smooth-51.png`, priority: 'visible', tabId: 99 },
      JSON.parse(`{"url": "${publicCdn}/img/smooth-51.png", "priority": "visible", "__proto__": {"polluted": true}}`) as unknown,
      { url: `${publicCdn}/${'x'.repeat(100_000)}`, priority: 'visible' },
      { url: 'file:///etc/passwd', priority: 'visible' },
      { url: 'chrome-extension://x/options.html', priority: 'visible' },
      null,
      [],
    ];
    for (const args of bad) {
      const reply = await send({ target: 'background', type: 'image.attribute', args });
      assert.equal(reply?.ok, false, JSON.stringify(args).slice(0, 100));
    }
    assert.equal(cdn.hits.get('/img/smooth-51.png') ?? 0, 0, 'nothing was fetched');
  });

  test('a public page cannot have this computer fetched; a public image gets its verdict, without the content hash', async () => {
    const local = await send({ target: 'background', type: 'image.attribute', args: { url: `${cdn.origin}/img/smooth-52.png`, priority: 'visible' } });
    assert.equal(local?.ok, true);
    const refused = (local as { value: { verdict: { kind: string; reason?: string } } }).value.verdict;
    assert.equal(refused.kind, 'error');
    assert.match(refused.reason ?? '', /this computer/);
    assert.equal(cdn.hits.get('/img/smooth-52.png') ?? 0, 0, 'the local address was never fetched');

    const shown = await send({ target: 'background', type: 'image.attribute', args: { url: `${publicCdn}/img/smooth-53.png`, priority: 'visible' } });
    assert.equal(shown?.ok, true);
    const record = (shown as { value: { verdict: { kind: string; reason?: string }; hash?: string } }).value;
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.hash, undefined, 'no content hash for the page');
  });

  test('site.config answers about the sender\'s own site only', async () => {
    const reply = await send({ target: 'background', type: 'site.config', args: { url: 'https://other.example/' } });
    assert.equal(reply?.ok, false);
    const own = await send({ target: 'background', type: 'site.config', args: {} });
    assert.equal(own?.ok, true);
  });
});
