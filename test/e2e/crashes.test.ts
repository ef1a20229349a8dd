/// <reference types="chrome" />
// The engine host's document closed or crashed while it holds a job and others wait: every job still
// gets its proper verdict, with no help from the page or the person.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Worker } from 'playwright-core';
import { call } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { pageHtml, startServer, type TestServer } from './support/server';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const offscreenDocuments = (worker: Worker) =>
  worker.evaluate(async () => (await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT] })).length);

describe('the engine host goes away mid-queue', { timeout: 180_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let cdn: TestServer;
  let tabId: number;

  before(async () => {
    cdn = await startServer();
    site = await startServer({ '/page.html': pageHtml('Page', []) });
    browser = await launchWithExtension('dist/chrome-test');
    await call(browser.worker, 'test.installModels', {});
    ({ tabId } = await openTab(browser, `${site.origin}/page.html`));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await cdn?.close();
  });

  /** Queues `paths` (slow images: the first is held in flight), runs `kill` once the first is being fetched. */
  async function attributeThrough(paths: string[], kill: () => Promise<void>) {
    const runs = (await call(browser.worker, 'engine.status', {})).runs;
    const pending = Promise.all(paths.map((p) => call(browser.worker, 'image.attributeInTab', { url: `${cdn.origin}${p}`, tabId, priority: 'visible' })));
    await until('the first image is in flight', () => (cdn.hits.get(paths[0]!) ?? 0) > 0);
    await kill();
    const records = await pending;
    for (const [i, record] of records.entries()) assert.notEqual(record.verdict.kind, 'error', `${paths[i]}: ${record.verdict.reason}`);
    assert.equal(await offscreenDocuments(browser.worker), 1, 'one engine host runs again');
    return { records, runs };
  }

  test('offscreen.closeDocument while a job is in flight: that job and the queued ones get their verdicts', async () => {
    const paths = ['/slow/img/smooth-31.png', '/slow/img/stripes-32.png', '/img/blocks-33.png'];
    // closeDocument throws when there is no document, so its success says the engine host was running. No
    // check that it is gone afterwards: the background may already have started the next one.
    await attributeThrough(paths, () => browser.worker.evaluate(() => chrome.offscreen.closeDocument()));
  });

  test('the browser closes the offscreen document (DevTools Target.closeTarget) mid-queue: every job gets its verdict', async () => {
    const paths = ['/slow/img/smooth-41.png', '/slow/img/stripes-42.png', '/img/blocks-43.png'];
    await attributeThrough(paths, () => closeOffscreenTarget(browser));
  });
});

/**
 * Closes the offscreen document from the browser's side. (A renderer crash cannot be had for the document
 * alone: it shares the extension's process with the service worker, and Chrome then stops the whole
 * extension until it is reloaded; the persisted queue resumes then, as after the worker is stopped.)
 */
async function closeOffscreenTarget(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.url.endsWith('/offscreen.html'));
    assert.ok(target, 'the offscreen document is a target');
    await cdp.send('Target.closeTarget', { targetId: target.targetId });
  } finally {
    await page.close();
  }
}
