// Storage full, in Chromium: the test build's engine host makes cache writes fail with QuotaExceededError
// on demand (engine-host/test-quota.ts). The cache evicts and the verdict is still given; when even that
// fails the verdict is given uncached; models and heads are never evicted; the popup tells the person.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { call } from './support/background';
import type { ExtensionBrowser } from './support/browser';
import { type ModelsAndTab, startWithModelsAndTab } from './support/models-and-tab';
import { openPopup } from './support/pages';

type Hooks = { originlensTest: { db(): Record<'verdicts' | 'models' | 'heads', { count(): Promise<number> }> } };

describe('storage full', { timeout: 120_000 }, () => {
  let session: ModelsAndTab;
  let browser: ExtensionBrowser;
  let tabId: number;
  /** An extension page: it shares localStorage with the engine host's document. */
  let extensionPage: Page;

  before(async () => {
    session = await startWithModelsAndTab();
    ({ browser, tabId } = session);
    extensionPage = await openPopup(browser, tabId);
  });

  after(() => session?.close());

  const attribute = (path: string) => session.attribute(path);
  const counts = () =>
    browser.worker.evaluate(async () => {
      const d = (globalThis as unknown as Hooks).originlensTest.db();
      return { verdicts: await d.verdicts.count(), models: await d.models.count(), heads: await d.heads.count() };
    });
  const failWrites = (n: number) => extensionPage.evaluate((count) => localStorage.setItem('originlens.test.failWrites', String(count)), n);
  const note = async () => {
    const popup = await openPopup(browser, tabId);
    try {
      // The header comes with the loaded data (before, the popup says only "Loading…").
      await popup.locator('main.popup header').waitFor();
      const banner = popup.locator('[data-testid="storage-note"]');
      return (await banner.count()) > 0 ? await banner.innerText() : undefined;
    } finally {
      await popup.close();
    }
  };

  test('nothing is said while there is room', async () => {
    for (let i = 0; i < 6; i++) assert.notEqual((await attribute(`/img/smooth-${70 + i}.png`)).verdict.kind, 'error');
    assert.equal((await counts()).verdicts, 6);
    assert.equal(await note(), undefined);
  });

  test('a full store: the cache evicts half, the verdict is given and cached, models and heads stay, the person is told', async () => {
    await failWrites(1);
    const record = await attribute('/img/stripes-80.png');
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    const after = await counts();
    assert.ok(after.verdicts >= 1 && after.verdicts <= 4, `at least half of the six evicted, the new one stored (${after.verdicts} left)`);
    const stored = await browser.worker.evaluate(
      async (hash) => (await (globalThis as unknown as { originlensTest: { db(): { verdicts: { toArray(): Promise<{ hash: string }[]> } } } }).originlensTest.db().verdicts.toArray()).some((r) => r.hash === hash),
      record.hash!,
    );
    assert.ok(stored, 'the new verdict is cached');
    assert.equal(after.models, 1);
    assert.equal(after.heads, 1);
    assert.match((await note()) ?? '', /was full: older cached verdicts were removed/);
  });

  test('still full after evicting: the verdict is given uncached, and the person is told so', async () => {
    await failWrites(1000);
    const runs = (await call(browser.worker, 'engine.status', {})).runs;
    const record = await attribute('/img/blocks-81.png');
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runs + 1);
    assert.match((await note()) ?? '', /is full: new verdicts cannot be cached/);
    const after = await counts();
    assert.equal(after.models, 1, 'models are never evicted');
    assert.equal(after.heads, 1, 'heads are never evicted');
    await failWrites(0);
  });
});
