/// <reference types="chrome" />
// Can a server or page poison the verdict cache? The cache is keyed by the SHA-256 of the bytes the
// engine host fetched itself, without cookies or referrer: a server cannot tell which page (or person)
// asks, a verdict always names the bytes it was made from, and a URL that comes to serve other bytes gets
// their own verdict once its link expires, while the old bytes keep theirs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { familyImage } from '../support/families';
import { call } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { pageHtml, startServer, type TestServer } from './support/server';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('the verdict cache cannot be poisoned', { timeout: 120_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let swap: Server;
  let swapOrigin: string;
  let tabId: number;
  /** What /swap.png serves now, and the headers of every request for it. */
  let serving = familyImage('smooth', 61);
  const requests: IncomingHttpHeaders[] = [];

  before(async () => {
    swap = createServer((req, res) => {
      requests.push(req.headers);
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(serving);
    });
    await new Promise<void>((resolve) => swap.listen(0, '127.0.0.1', resolve));
    swapOrigin = `http://127.0.0.1:${(swap.address() as AddressInfo).port}`;
    site = await startServer({ '/page.html': pageHtml('Page', []) });
    browser = await launchWithExtension('dist/chrome-test');
    await call(browser.worker, 'test.installModels', {});
    // The person has a cookie for the image's server: the extension's request must not carry it.
    await browser.context.addCookies([{ name: 'session', value: 'secret', url: swapOrigin }]);
    ({ tabId } = await openTab(browser, `${site.origin}/page.html`));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await new Promise((resolve) => swap?.close(resolve));
  });

  const attribute = () => call(browser.worker, 'image.attributeInTab', { url: `${swapOrigin}/swap.png`, tabId, priority: 'visible' });

  test('the request says nothing of the page or the person, and the verdict names the bytes fetched', async () => {
    const first = await attribute();
    assert.notEqual(first.verdict.kind, 'error', first.verdict.reason);
    assert.equal(first.hash, sha256(serving), 'keyed by the SHA-256 of the bytes served');
    const headers = requests.at(-1)!;
    assert.equal(headers.cookie, undefined, 'no cookie');
    assert.equal(headers.referer, undefined, 'no referrer');
  });

  test('other bytes under the same URL get their own verdict once the URL is fetched again; the old bytes keep theirs', async () => {
    const oldBytes = serving;
    const old = await attribute();
    serving = familyImage('stripes', 62);
    // Within a day the URL's link answers (no fetch); age it as a day would.
    await browser.worker.evaluate(async (url) => {
      const hooks = (globalThis as unknown as { originlensTest: { db(): { urls: { update(k: string, c: object): Promise<number> } } } }).originlensTest;
      await hooks.db().urls.update(url, { fetchedAt: 0 });
    }, `${swapOrigin}/swap.png`);
    const fetchedBefore = requests.length;
    const fresh = await attribute();
    assert.equal(requests.length, fetchedBefore + 1, 'fetched again');
    assert.equal(fresh.hash, sha256(serving));
    assert.notEqual(fresh.hash, old.hash);
    assert.notDeepEqual(fresh.verdict.probabilities, old.verdict.probabilities, 'judged on the new bytes');
    // The old bytes' verdict is untouched: the same bytes from anywhere (a data: URL here) find it.
    const again = await call(browser.worker, 'image.attributeInTab', { url: `data:image/png;base64,${Buffer.from(oldBytes).toString('base64')}`, tabId, priority: 'visible' });
    assert.equal(again.hash, old.hash);
    assert.equal(again.cached, true);
    assert.deepEqual(again.verdict.probabilities, old.verdict.probabilities);
  });
});
