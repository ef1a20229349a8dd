// Every surface words a verdict as src/engine/verdict/verdict-text.ts does, in Chromium: for each kind of
// verdict (real, generated with no generator named, a named generator, the unknown-generator warning,
// "cannot place", an error) the badge and its title, the overlay and the popup show that module's words and
// each head's line, for the verdict the extension stored. The kinds come from the test models under
// thresholds that force each one, and a detector for the test encoder; test/verdict-words.test.ts checks
// the same words without a browser, and the command line's.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseModelEntry } from '../../src/engine/models/registry';
import type { Verdict, VerdictKind } from '../../src/engine/types';
import { evidenceLines, verdictWords } from '../../src/engine/verdict/verdict-text';
import type { SettingsPatch } from '../../src/extension/shared/settings';
import { call, clickMenu, tabIdOf } from './support/background';
import { launchWithBadgesOn } from './support/badge-site';
import type { ExtensionBrowser } from './support/browser';
import { openPopup, screenshot } from './support/pages';
import { pageHtml, startServer, type TestServer } from './support/server';
import { byClass, readUi, shownBadges, until } from './support/shadow-ui';

const GOOD = '/img/smooth-31.png';
const BROKEN = '/broken/truncated.png';
const TEST_MODEL = 'models/test/clip-tiny.json';

/** What a person reads on each surface, for one image. */
interface Surfaces {
  /** The badge's words are its short form, or its tiny one where they would not fit the image. */
  badge: { text: string; title: string };
  overlay: { title: string; detail?: string; evidence: string[] };
  popup: { kind: string; title: string; detail?: string; evidence: string[] };
}

/** What verdict-text.ts says each surface shows for this verdict. */
function expected(v: Verdict): Surfaces {
  const words = verdictWords(v);
  const lines = evidenceLines(v);
  const detail = words.detail === undefined ? {} : { detail: words.detail };
  return {
    badge: { text: `${words.short} | ${words.tiny}`, title: [words.detail === undefined ? words.title : `${words.title}: ${words.detail}`, ...lines].join('\n') },
    overlay: { title: words.title, ...detail, evidence: lines },
    popup: { kind: v.kind, title: v.kind === 'unknown-generator' ? `⚠ ${words.title}` : words.title, ...detail, evidence: lines },
  };
}

describe('the words of every kind of verdict on every surface, in Chromium', { timeout: 300_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let page: Page;
  let tabId: number;
  let testHead: string;
  let detector: string;
  const pages: Record<string, string> = {};
  const url = (path: string) => `${site.origin}${path}`;

  before(async () => {
    site = await startServer(pages);
    pages['/words.html'] = pageHtml('Words', [url(GOOD), url(BROKEN)]);
    browser = await launchWithBadgesOn(site);
    testHead = (await call(browser.worker, 'settings.get', {})).headId!;
    // A detector over the test encoder's embedding, as `originlens heads convert` would make one.
    const encoder = parseModelEntry(JSON.parse(await readFile(TEST_MODEL, 'utf8')));
    const dim = encoder.features.embedding!.dim;
    let seed = 11;
    const next = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5) * 0.2;
    detector = (
      await call(browser.worker, 'heads.import', {
        pack: {
          format: 'originlens-head',
          version: 2,
          kind: 'detector',
          id: 'words-detector@0001',
          name: 'Words detector',
          encoder: { id: encoder.id, sha256: encoder.sha256 },
          feature: { name: 'embedding', normalize: 'l2' },
          layers: [{ weights: [Array.from({ length: dim }, next)], bias: [0] }],
          thresholds: { llr: 0 },
          provenance: { trainedOn: 'nothing: fixed weights for a test', createdAt: 'test', software: 'test' },
        },
        source: 'words-detector.json',
      })
    ).id;
    page = await browser.context.newPage();
    await page.goto(url('/words.html'));
    tabId = await tabIdOf(browser.worker, url('/words.html'));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Each surface as the person sees it, for the image at `path`, once its badge shows a verdict. */
  async function surfaces(path: string): Promise<{ record: Verdict; shown: Surfaces }> {
    const target = url(path);
    const badge = await until(async () => shownBadges(await readUi(page)).find((b) => b.attrs['data-url'] === target && b.attrs['data-kind'] !== 'pending'), `the badge on ${path}`);
    const index = path === GOOD ? 0 : 1;
    await page.click(`#img${index}`, { button: 'right' });
    const { record } = await clickMenu(browser.worker, target, tabId);
    const words = verdictWords(record.verdict);
    const overlay = await until(async () => byClass(await readUi(page), 'overlay').find((o) => o.attrs['data-url'] === target && o.attrs['data-kind'] !== 'pending'), `the overlay on ${path}`);
    const text = (cls: string) => byClass(overlay, cls).map((n) => n.text);
    const popup = await openPopup(browser, tabId);
    const view = popup.locator(`.image[data-url="${target}"] .verdict-view`);
    await view.waitFor({ timeout: 60_000 });
    const detailOf = async () => {
      const d = view.locator('.reason, .warning');
      return (await d.count()) === 0 ? {} : { detail: await d.innerText() };
    };
    const shown: Surfaces = {
      badge: { text: badge.text === words.short || badge.text === words.tiny ? `${words.short} | ${words.tiny}` : badge.text, title: badge.attrs.title ?? '' },
      overlay: { title: text('title')[0] ?? '', ...(text('detail')[0] === undefined ? {} : { detail: text('detail')[0] }), evidence: text('evidence') },
      popup: { kind: (await view.getAttribute('data-kind')) ?? '', title: await view.locator('.verdict').innerText(), ...(await detailOf()), evidence: await view.locator('.evidence').allInnerTexts() },
    };
    await popup.close();
    return { record: record.verdict, shown };
  }

  const CASES: { kind: VerdictKind; settings: SettingsPatch; path?: string }[] = [
    // The attribution head with the detector combined, each threshold out of reach one way or the other.
    { kind: 'real', settings: { thresholds: { llr: 1000, openSet: -1000 } } },
    { kind: 'generator', settings: { thresholds: { llr: -1000, openSet: -1000 } } },
    { kind: 'unknown-generator', settings: { thresholds: { llr: -1000, openSet: 1000 } } },
    { kind: 'unplaced', settings: { thresholds: { llr: 1000, openSet: 1000 } } },
    { kind: 'error', settings: { thresholds: { llr: null, openSet: null } }, path: BROKEN },
  ];

  for (const c of CASES) {
    test(`${c.kind}: the badge, its title, the overlay and the popup say what verdict-text says`, async (t) => {
      const llr = c.settings.thresholds?.llr ?? 0;
      await call(browser.worker, 'settings.update', { ...c.settings, headId: testHead, withHeads: [detector], headLlr: { [detector]: llr } });
      await page.reload();
      const { record, shown } = await surfaces(c.path ?? GOOD);
      assert.equal(record.kind, c.kind, JSON.stringify(record));
      assert.deepEqual(shown, expected(record));
      t.diagnostic(`${c.kind}: ${JSON.stringify(shown)}`);
      if (c.kind !== 'error') assert.equal(shown.overlay.evidence.length, 2, 'both heads speak');
      await screenshot(page, `words-${c.kind}.png`, t);
    });
  }

  test('synthetic (a detector alone, no generator named): the badge, its title, the overlay and the popup say what verdict-text says', async (t) => {
    await call(browser.worker, 'settings.update', { headId: detector, withHeads: [], thresholds: { llr: -1000, openSet: null }, headLlr: {} });
    await page.reload();
    const { record, shown } = await surfaces(GOOD);
    assert.equal(record.kind, 'synthetic', JSON.stringify(record));
    assert.deepEqual(shown, expected(record));
    assert.deepEqual(shown.overlay.evidence, [`Words detector: synthetic (LLR ${record.evidence![0]!.llr.toFixed(2)}, threshold -1000)`]);
    await screenshot(page, 'words-synthetic.png', t);
  });
});
