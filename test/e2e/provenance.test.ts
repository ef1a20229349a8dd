// What files declare about their origin, in Chromium: with no model installed, a file that declares being
// generated (a Stable Diffusion front end's chunk, Content Credentials of a generative edit) still gets its
// badge; with a model, badge, overlay and popup show both the verdict and the declaration; hostile metadata
// (Content Credentials 1,000 boxes deep, a 20 MB XMP packet) leaves the verdict alone; the options page's
// "only" shows declarations with no model run. The badges only look at bytes the engine host fetched itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/extension/shared/settings';
import { familyImage } from '../support/families';
import { IPTC_DST, pngWithText, pngXmpChunk, xmpPacket } from '../support/provenance-files';
import { call, clickMenu, tabIdOf } from './support/background';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { saveScreenshot } from './support/content';
import { openOptions, openPopup, screenshot } from './support/pages';
import { byClass, readUi, shownBadges, until, type UiNode } from './support/shadow-ui';

const file = (dir: string, name: string) => new Uint8Array(readFileSync(`test/fixtures/provenance/${dir}/${name}`));
const IMAGES: Record<string, Uint8Array> = {
  'a1111.png': file('made', 'a1111-parameters.png'),
  'firefly.jpg': file('c2pa', 'ocsp.jpg'),
  'edited.jpg': file('c2pa', 'CA.jpg'),
  'tampered.jpg': file('c2pa', 'XCA.jpg'),
  'plain.png': familyImage('stripes', 11),
  'jumbf-nested.jpg': file('made', 'jumbf-nested.jpg'),
  'xmp-20mb.png': pngWithText([pngXmpChunk(xmpPacket({ digitalSourceType: `${IPTC_DST}trainedAlgorithmicMedia`, filler: 20 * 1024 * 1024 }))]),
};
const NAMES = Object.keys(IMAGES);
const VERDICT_LOOKS = ['real', 'generator', 'unknown', 'unplaced'];

describe('provenance in Chromium', { timeout: 300_000 }, () => {
  let browser: ExtensionBrowser;
  let server: Server;
  let origin: string;
  let page: Page;
  let tabId: number;
  const src = (name: string) => `${origin}/img/${name}`;

  /** The badge of each image, once every one has settled. */
  async function settled(what: string): Promise<Record<string, UiNode>> {
    return until(async () => {
      const badges = shownBadges(await readUi(page));
      const byName = Object.fromEntries(NAMES.map((n) => [n, badges.find((b) => b.attrs['data-url'] === src(n))]));
      return Object.values(byName).every((b) => b && b.attrs['data-kind'] !== 'pending') ? (byName as Record<string, UiNode>) : undefined;
    }, what, 60_000);
  }

  before(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const name = path.replace(/^\/img\//, '');
      if (path.startsWith('/img/') && IMAGES[name]) return void res.writeHead(200, { 'content-type': name.endsWith('.png') ? 'image/png' : 'image/jpeg' }).end(IMAGES[name]);
      if (path === '/declared.html') {
        const tags = NAMES.map((n, i) => `<img id="i${i}" src="/img/${n}" width="240" height="180" alt="">`).join('\n');
        return void res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>declared</title><body style="margin:8px">${tags}`);
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchWithExtension('dist/chrome-test');
    await call(browser.worker, 'settings.update', { autoBadgeSites: [...DEFAULT_SETTINGS.autoBadgeSites, new URL(origin).host] });
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  test('no model installed: files that declare something get a badge saying what; the others say "no model"', async (t) => {
    await page.goto(`${origin}/declared.html`);
    tabId = await tabIdOf(browser.worker, `${origin}/declared.html`);
    const badges = await settled('badges without a model');
    const kinds = Object.fromEntries(NAMES.map((n) => [n, badges[n]!.attrs['data-kind']]));
    assert.deepEqual(kinds, {
      'a1111.png': 'declared-ai',
      'firefly.jpg': 'declared-ai',
      'edited.jpg': 'credentials',
      'tampered.jpg': 'credentials-invalid',
      'plain.png': 'no-model',
      'jumbf-nested.jpg': 'no-model',
      'xmp-20mb.png': 'no-model',
    });
    assert.match(badges['a1111.png']!.attrs.title ?? '', /Made with Stable Diffusion \(AUTOMATIC1111\): model sd_xl_base_1\.0, 30 steps/);
    assert.match(badges['firefly.jpg']!.attrs.title ?? '', /edited with generative AI \(Adobe Firefly\) in Adobe Photoshop/);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, 0, 'no encoder ran');
    await saveScreenshot(page, 'provenance-badges-no-model.png', t);

    const popup = await openPopup(browser, tabId);
    const declared = popup.locator('[data-testid="declared-images"] [data-testid="provenance"]');
    await until(async () => ((await declared.count()) === 4 ? true : undefined), 'four declaring images in the popup');
    assert.deepEqual((await declared.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort(), ['ai-declared', 'ai-declared', 'credentials', 'invalid']);
    // The thumbnails render (the popup shows the images themselves).
    await screenshot(popup, 'provenance-popup-no-model.png', t);
    await popup.close();
  });

  test('with a model: the verdict and the declaration side by side, on the badge, in the overlay and in the popup', async (t) => {
    await call(browser.worker, 'test.installModels', {});
    await page.reload();
    const badges = await settled('badges with a model');
    for (const name of NAMES) assert.ok(VERDICT_LOOKS.includes(badges[name]!.attrs['data-kind'] ?? ''), `${name}: the model's verdict (${JSON.stringify(badges[name]!.attrs)})`);
    assert.match(badges['a1111.png']!.text, / · declared AI$/);
    assert.match(badges['firefly.jpg']!.text, / · declared AI$/);
    assert.match(badges['edited.jpg']!.text, / · CR$/);
    assert.match(badges['tampered.jpg']!.text, / · CR invalid$/);
    for (const name of ['plain.png', 'jumbf-nested.jpg', 'xmp-20mb.png']) assert.doesNotMatch(badges[name]!.text, /·/, `${name} adds no mark`);
    await saveScreenshot(page, 'provenance-badges.png', t);

    // The overlay: the model's verdict with its bars, then what the file declares.
    await page.click('#i0', { button: 'right' });
    const { record } = await clickMenu(browser.worker, src('a1111.png'), tabId);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.provenance?.kind, 'ai-declared');
    const overlay = await until(async () => {
      const [panel] = byClass(await readUi(page), 'overlay');
      return panel && panel.attrs['data-kind'] !== 'pending' ? panel : undefined;
    }, 'the overlay');
    assert.ok(VERDICT_LOOKS.includes(overlay.attrs['data-kind'] ?? ''));
    assert.ok(byClass(overlay, 'bar').length >= 2, 'the model\'s bars are there');
    const [declaration] = byClass(overlay, 'provenance');
    assert.match(declaration?.text ?? '', /^What the file declares: Declared AI-generatedMade with Stable Diffusion \(AUTOMATIC1111\)/);
    await saveScreenshot(page, 'provenance-overlay.png', t);
    await page.keyboard.press('Escape');

    const popup = await openPopup(browser, tabId);
    const lines = popup.locator('.images [data-testid="provenance"]');
    await until(async () => ((await lines.count()) === 6 ? true : undefined), 'six declarations in the popup');
    // Everything but the plain image: the unreadable ones say so too, beside their verdict.
    assert.deepEqual((await lines.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).sort(), ['ai-declared', 'ai-declared', 'credentials', 'invalid', 'unreadable', 'unreadable']);
    assert.equal(await popup.locator('.images .verdict-view').count(), NAMES.length, 'every image keeps its verdict');
    await screenshot(popup, 'provenance-popup.png', t);
    await popup.close();
  });

  test('the options page\'s "only": declarations alone, and no encoder runs', async (t) => {
    const options = await openOptions(browser);
    const section = options.locator('[data-testid="provenance-setting"]');
    await section.locator('input[value="only"]').check();
    await until(async () => ((await call(browser.worker, 'settings.get', {})).provenance === 'only' ? true : undefined), 'the setting saved');
    await screenshot(options, 'provenance-options.png', t);
    await options.close();

    const runs = (await call(browser.worker, 'engine.status', {})).runs;
    await page.goto(`${origin}/declared.html?only`);
    // A new URL for the page, the same images: their provenance comes from the cache or a fetch, never the encoder.
    const badges = await settled('badges with "only"');
    const kinds = Object.fromEntries(NAMES.map((n) => [n, badges[n]!.attrs['data-kind']]));
    assert.deepEqual(kinds, {
      'a1111.png': 'declared-ai',
      'firefly.jpg': 'declared-ai',
      'edited.jpg': 'credentials',
      'tampered.jpg': 'credentials-invalid',
      'plain.png': 'nothing-declared',
      'jumbf-nested.jpg': 'nothing-declared',
      'xmp-20mb.png': 'nothing-declared',
    });
    assert.match(badges['jumbf-nested.jpg']!.attrs.title ?? '', /Content Credentials unreadable/);
    assert.match(badges['xmp-20mb.png']!.attrs.title ?? '', /XMP unreadable: an XMP packet of 20\.0 MB/);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runs, 'no encoder ran');
    await saveScreenshot(page, 'provenance-badges-only.png', t);
    await call(browser.worker, 'settings.update', { provenance: 'show' });
  });
});
