// The Firefox build in Debian's Firefox ESR, driven over WebDriver BiDi (puppeteer-core), with the test
// build installed as a temporary add-on and the test models installed through its test-only path. Here the
// engine runs in the background page, not an offscreen document: what it runs on, attribution before and
// after a model is installed with the overlay, badges on an auto-badge site while it scrolls, error badges
// on broken images, no new inference on reload, the popup's list and "attribute all", a threshold moved in
// the options page, and reference examples enrolled through the context menu and the enrolment page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import type { BenchEnvironment } from '../../src/extension/engine-host/test-bench';
import type { TrainingOutcome } from '../../src/extension/shared/references/types';
import { DEFAULT_SETTINGS } from '../../src/extension/shared/settings';
import { feedHtml, FEED_IMAGES, infiniteHtml } from './support/feeds';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { readUiFirefox } from './support/firefox-ui';
import { SCREENSHOTS } from './support/pages';
import { startServer, type TestServer } from './support/server';
import { byClass, shownBadges, until, type UiNode } from './support/shadow-ui';

const VERDICT_LOOKS = ['real', 'generator', 'unknown', 'unplaced'];

describe('the Firefox build in Firefox ESR', { timeout: 600_000 }, () => {
  let ff: FirefoxExtension;
  let site: TestServer;
  let cdn: TestServer;
  const pages: Record<string, string> = {};
  const img = (path: string) => `${cdn.origin}${path}`;
  const badgeFor = (badges: UiNode[], url: string) => badges.find((b) => b.attrs['data-url'] === url.slice(0, 200));
  const settledBadges = (page: Page, count: number, what: string) =>
    until(async () => {
      const shown = shownBadges(await readUiFirefox(page));
      return shown.length >= count && shown.every((b) => b.attrs['data-kind'] !== 'pending') ? shown : undefined;
    }, what, 60_000);
  const shot = async (page: Page, name: string, t: { diagnostic(m: string): void }) => {
    const path = `${SCREENSHOTS}/${name}`;
    await page.screenshot({ path });
    t.diagnostic(`screenshot: ${path}`);
  };

  before(async () => {
    // The image host (also a site without automatic badges) and the site that has them.
    cdn = await startServer(pages);
    site = await startServer(pages);
    Object.assign(pages, { '/feed.html': feedHtml(cdn.origin), '/endless.html': infiniteHtml(cdn.origin) });
    ff = await launchFirefox();
  });

  after(async () => {
    await ff?.close();
    await site?.close();
    await cdn?.close();
  });

  test('before any model is installed, attribution says so, in the overlay too', async () => {
    const { page, tabId } = await ff.openTab(`${cdn.origin}/feed.html`);
    const url = img(FEED_IMAGES.good[1]!);
    const record = await ff.clickMenu(url, tabId);
    assert.equal(record.verdict.kind, 'error');
    assert.match(record.verdict.reason ?? '', /no attribution model is installed/i);
    const overlay = await until(async () => byClass(await readUiFirefox(page), 'overlay')[0], 'the overlay');
    assert.equal(overlay.attrs['data-kind'], 'no-model');
    assert.match(overlay.text, /No attribution model installed/);
    await page.close();
  });

  test('the test build installs the test encoder and head through its test-only path', async () => {
    const installed = await ff.call('test.installModels', {});
    assert.equal(installed.encoder, 'test-clip-tiny');
    assert.equal((await ff.call('settings.get', {})).headId, installed.head);
  });

  test("the background page's engine: one WASM thread (no cross-origin isolation), no WebGPU, and the fast paths of preprocessing", async () => {
    const env = (await ff.hook('originlensBench', 'environment')) as BenchEnvironment;
    // What Firefox does not give a background page, which the README tells Firefox users.
    assert.equal(env.crossOriginIsolated, false);
    assert.equal(env.numThreads, 1);
    assert.equal(env.adapter, undefined);
    assert.match(env.webgpuUnavailable ?? '', /navigator\.gpu is missing/);
    // What it does allow: WebAssembly SIMD under the extension's CSP, and the native inflate for PNG.
    assert.equal(env.simdResampler, true, "the WebAssembly SIMD resampler compiles under the extension's CSP");
    assert.equal(env.nativePngInflate, true, 'PNG inflates with DecompressionStream');
  });

  test('right-click, "Attribute this image": the engine in the background page gives a verdict, shown in the overlay', async (t) => {
    const { page, tabId } = await ff.openTab(`${cdn.origin}/feed.html`);
    const url = img(FEED_IMAGES.good[0]!);
    const start = Date.now();
    const record = await ff.clickMenu(url, tabId);
    t.diagnostic(`first attribution in Firefox (model load, fetch, inference): ${Date.now() - start} ms on ${record.runtime}`);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.match(record.runtime ?? '', /wasm/);
    assert.deepEqual(Object.keys(record.verdict.probabilities).sort(), ['real', 'test-gen-a', 'test-gen-b']);
    const overlay = await until(async () => {
      const [panel] = byClass(await readUiFirefox(page), 'overlay');
      return panel && panel.attrs['data-url'] === url && panel.attrs['data-kind'] !== 'pending' ? panel : undefined;
    }, 'the overlay');
    assert.equal(overlay.attrs['data-kind'], record.verdict.kind === 'unknown-generator' ? 'unknown' : record.verdict.kind);
    assert.ok(overlay.box && overlay.box.width > 100 && overlay.box.height > 50, `overlay drawn: ${JSON.stringify(overlay.box)}`);
    assert.match(overlay.text, /Test build/);
    await shot(page, 'firefox-overlay.png', t);

    // A broken image: an error verdict with the reason, in the overlay too.
    const broken = await ff.clickMenu(img('/broken/truncated.png'), tabId);
    assert.equal(broken.verdict.kind, 'error');
    assert.match(broken.verdict.reason ?? '', /cannot be read/);
    await page.close();
  });

  test('an auto-badge site gets badges as it scrolls, and broken images error badges with the reason', async (t) => {
    await ff.call('settings.update', { autoBadgeSites: [...DEFAULT_SETTINGS.autoBadgeSites, new URL(site.origin).host] });
    const { page } = await ff.openTab(`${site.origin}/feed.html`);
    // Five pictures, four broken ones, the data: and the blob: image; not the icon, not the one far below.
    const badges = await settledBadges(page, 11, 'eleven settled badges');
    for (const path of FEED_IMAGES.good) assert.ok(VERDICT_LOOKS.includes(badgeFor(badges, img(path))?.attrs['data-kind'] ?? ''), `${path}: ${JSON.stringify(badgeFor(badges, img(path))?.attrs)}`);
    const [missing, html, truncated, huge] = FEED_IMAGES.broken.map((path) => {
      const badge = badgeFor(badges, img(path));
      assert.equal(badge?.attrs['data-kind'], 'error', `${path}: ${JSON.stringify(badge?.attrs)}`);
      return badge!.attrs.title ?? '';
    });
    assert.match(missing!, /404/);
    assert.match(html!, /not an image|cannot be read/i);
    assert.match(truncated!, /cannot be read/);
    assert.match(huge!, /too large: 30000 x 30000/);
    assert.equal(badgeFor(badges, img(FEED_IMAGES.below)), undefined, 'no badge on the image far below, yet');
    assert.equal((await readUiFirefox(page))?.attrs.mode, 'closed');
    await shot(page, 'firefox-badges.png', t);
    // Scrolled into view, the one far below gets its badge.
    await page.evaluate(() => document.getElementById('below')!.scrollIntoView());
    await until(async () => (VERDICT_LOOKS.includes(badgeFor(shownBadges(await readUiFirefox(page)), img(FEED_IMAGES.below))?.attrs['data-kind'] ?? '') ? true : undefined), 'a badge on the image scrolled into view', 60_000);

    // An endless feed: the images it appends as it scrolls get badges too.
    const endless = (await ff.openTab(`${site.origin}/endless.html`)).page;
    await settledBadges(endless, 12, 'badges on the first screen');
    for (let i = 0; i < 2; i++) {
      const count = await endless.evaluate(() => document.images.length);
      await endless.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await until(async () => ((await endless.evaluate(() => document.images.length)) > count ? true : undefined), 'more images');
    }
    await endless.evaluate(() => scrollTo(0, document.body.scrollHeight));
    const appended = await endless.evaluate(() =>
      [...document.images]
        .filter((im) => {
          const r = im.getBoundingClientRect();
          return Number(im.dataset.n) >= 24 && r.bottom > 0 && r.top < innerHeight;
        })
        .map((im) => im.src),
    );
    assert.ok(appended.length >= 6, `${appended.length} appended images on screen`);
    await until(async () => {
      const shown = shownBadges(await readUiFirefox(endless));
      return appended.every((url) => VERDICT_LOOKS.includes(badgeFor(shown, url)?.attrs['data-kind'] ?? '')) ? true : undefined;
    }, 'badges on every appended image on screen', 60_000);
    await endless.close();
    await page.close();
  });

  test('reloading the page costs no new inference', async () => {
    const { page } = await ff.openTab(`${site.origin}/feed.html`);
    await settledBadges(page, 11, 'badges before the reload');
    const before = await ff.call('engine.status', {});
    await page.reload();
    const badges = await settledBadges(page, 11, 'badges after the reload');
    assert.equal(badges.length, 11);
    assert.equal((await ff.call('engine.status', {})).runs, before.runs, 'no encoder run');
    await page.close();
  });

  test("the popup lists the tab's images with their verdicts and rendered thumbnails", async (t) => {
    const { page, tabId } = await ff.openTab(`${site.origin}/feed.html`);
    await settledBadges(page, 11, 'badges on the feed');
    const popupTab = await ff.openExtensionPage(`popup.html?tab=${tabId}`);
    const good = FEED_IMAGES.good.map(img);
    const rows = await until(async () => {
      const listed = (await ff.ui('popup.html', { query: '.image' })) ?? [];
      const views = (await ff.ui('popup.html', { query: '.image .verdict-view' })) ?? [];
      const thumbs = (await ff.ui('popup.html', { query: '.image img' })) ?? [];
      const ready = good.every((u) => listed.some((r) => r.attrs['data-url'] === u));
      return ready && views.length >= 11 && thumbs.filter((th) => (th.naturalWidth ?? 0) > 0).length >= good.length ? { listed, views } : undefined;
    }, 'the popup to list the verdicts', 60_000);
    assert.equal(rows.listed.length, 12, 'every image of the page, the one far below too');
    const kinds = rows.views.map((v) => v.attrs['data-kind']);
    assert.equal(kinds.filter((k) => k === 'error').length, 4, `the four broken images: ${kinds.join(', ')}`);
    // "Attribute all images on this page": the one far below, never scrolled to, gets its verdict too.
    const below = img(FEED_IMAGES.below);
    await ff.ui('popup.html', { click: 'button.primary' });
    await until(async () => ((await ff.ui('popup.html', { query: `.image[data-url="${below}"] .verdict-view` }))?.length ? true : undefined), 'a verdict for the image far below', 60_000);
    const engineLine = await ff.ui('popup.html', { query: '[data-testid="engine"]' });
    assert.match(engineLine?.[0]?.text ?? '', /WebAssembly \(WASM\)/);
    await ff.captureTab(popupTab, 'firefox-popup.png', t);
    await ff.hook('browser.tabs', 'remove', popupTab);
    await page.close();
  });

  test('a threshold changed in the options page changes the verdicts shown, with no new inference', async (t) => {
    const { page, tabId } = await ff.openTab(`${cdn.origin}/feed.html`);
    const urls = FEED_IMAGES.good.map(img);
    for (const url of urls) assert.notEqual((await ff.clickMenu(url, tabId)).verdict.kind, 'error');
    const runsBefore = (await ff.call('engine.status', {})).runs;
    const optionsTab = await ff.openExtensionPage('options.html');
    const cell = async (kind: string, column: string) => Number((await ff.ui('options.html', { query: `[data-testid="preview"] tr[data-kind="${kind}"] td.${column}` }))?.[0]?.text);
    await until(async () => ((await ff.ui('options.html', { query: '[data-testid="preview"]' }))?.length ? true : undefined), 'the preview');
    let total = 0;
    for (const kind of ['real', 'generator', 'unknown-generator', 'unplaced']) total += await cell(kind, 'before');
    assert.ok(total >= urls.length, `the cache holds the verdicts (${total})`);
    const allReal = (await cell('real', 'before')) < total;
    const target = allReal ? 'real' : 'generator';
    await ff.ui('options.html', { fill: '#open-set', value: '-1000' });
    await ff.ui('options.html', { fill: '#llr', value: allReal ? '1000' : '-1000' });
    await until(async () => ((await ff.ui('options.html', { query: `[data-testid="preview"] tr[data-kind="${target}"] td.after.changed` }))?.length ? true : undefined), 'the preview to follow');
    assert.equal(await cell(target, 'after'), total, 'the preview judges every cached verdict again');
    await ff.captureTab(optionsTab, 'firefox-options.png', t);
    await ff.ui('options.html', { click: '[data-testid="apply-thresholds"]' });
    await until(async () => (/^Saved/.test((await ff.ui('options.html', { query: '[data-testid="thresholds-status"]' }))?.[0]?.text ?? '') ? true : undefined), 'Saved');
    assert.deepEqual((await ff.call('settings.get', {})).thresholds, { llr: allReal ? 1000 : -1000, openSet: -1000 });
    for (const url of urls) {
      const record = await ff.clickMenu(url, tabId);
      assert.equal(record.verdict.kind, target);
      assert.equal(record.cached, true);
    }
    assert.equal((await ff.call('engine.status', {})).runs, runsBefore, 'no encoder run');
    await ff.call('settings.update', { thresholds: { llr: null, openSet: null } });
    await ff.hook('browser.tabs', 'remove', optionsTab);
    await page.close();
  });

  test('reference examples enrolled through the context menu, one through the enrolment page, train a head that becomes active', async (t) => {
    const { tabId } = await ff.openTab(`${cdn.origin}/feed.html`);
    const menu = (menuItemId: string, path: string) =>
      ff.hook('originlensTest', 'onMenuClick', { menuItemId, srcUrl: img(path), editable: false }, { id: tabId }) as Promise<{ example?: { label: string }; training?: TrainingOutcome; opened?: string; error?: string }>;
    // "This image is from…" → "This is a real photo", three times.
    for (const seed of [60, 61, 62]) {
      const answer = await menu('originlens-enrol-real', `/img/smooth-${seed}.png`);
      assert.equal(answer.example?.label, 'real', answer.error);
    }
    // "New generator…" opens the extension's page, where the person types the name.
    const answer = await menu('originlens-enrol-new', '/img/stripes-63.png');
    assert.match(answer.opened ?? '', /enrol\.html#/, answer.error);
    const enrolTab = await ff.tabIdOf(answer.opened!);
    await until(async () => ((await ff.ui('enrol.html', { query: 'input[name="generator"]' }))?.length ? true : undefined), 'the enrolment form');
    await ff.ui('enrol.html', { fill: 'input[name="generator"]', value: 'my-generator' });
    await until(async () => ((await ff.ui('enrol.html', { query: 'button[type="submit"]:not([disabled])' }))?.length ? true : undefined), 'the button to be enabled');
    await ff.ui('enrol.html', { click: 'button[type="submit"]' });
    const enrolled = await until(async () => (await ff.ui('enrol.html', { query: '[data-testid="enrolled"]' }))?.[0], 'the enrolment page to say it is done', 60_000);
    assert.match(enrolled.text, /^Added\./);
    const shown = await ff.ui('enrol.html', { query: 'img.enrol-image' });
    assert.ok((shown?.[0]?.naturalWidth ?? 0) > 0, 'the enrolment page shows the image');
    await ff.captureTab(enrolTab, 'firefox-enrol.png', t);
    await ff.hook('browser.tabs', 'remove', enrolTab);
    // The menu now lists the new generator (its first item): two more examples through it.
    let last;
    for (const seed of [64, 65]) last = await menu('originlens-enrol-class-0', `/img/stripes-${seed}.png`);
    assert.equal(last?.example?.label, 'my-generator', last?.error);
    const training = last!.training!;
    assert.ok(training.trained, JSON.stringify(training));
    assert.deepEqual([...training.classes].sort(), ['my-generator', 'real']);
    const state = await ff.call('references.state', {});
    assert.deepEqual(Object.fromEntries(state.classes.map((c) => [c.label, c.count])), { real: 3, 'my-generator': 3 });
    assert.equal(state.head, training.head);
    assert.equal((await ff.call('models.state', {})).active?.head, training.head, 'the trained head is the active one');
    // A verdict from the new head.
    const record = await ff.clickMenu(img('/img/smooth-70.png'), tabId);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.verdict.head, training.head);
  });
});
