// Firefox suspends an idle background page (an event page) and starts it again on the next event. There
// the background page is also the engine host, so a job that runs longer than the idle timeout with no
// event meanwhile must not be cut short, and what was attributed before a suspension must come from the
// cache after it. The idle timeout is shortened from Firefox's 30 s to 1 s to make this happen in a test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../src/extension/shared/settings';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import { readUiFirefox } from './support/firefox-ui';
import { pageHtml, startServer, type TestServer } from './support/server';
import { shownBadges, until } from './support/shadow-ui';

const IDLE_MS = 1000;
const IMAGES = ['/img/smooth-81.png', '/img/stripes-82.png', '/img/blocks-83.png'];

describe('Firefox suspends the background page', { timeout: 300_000 }, () => {
  let ff: FirefoxExtension;
  let site: TestServer;
  let cdn: TestServer;

  before(async () => {
    cdn = await startServer({ '/page.html': pageHtml('Plain', []) });
    site = await startServer({ '/feed.html': pageHtml('Feed', IMAGES.map((p) => `${cdn.origin}${p}`)) });
    ff = await launchFirefox({ 'extensions.background.idle.timeout': IDLE_MS });
    await ff.call('test.installModels', {});
  });

  after(async () => {
    await ff?.close();
    await site?.close();
    await cdn?.close();
  });

  test('a job that outlasts the idle timeout with no event meanwhile still ends in a verdict', async () => {
    const { tabId } = await ff.openTab(`${cdn.origin}/page.html`);
    // Its image arrives after 3.5 s: Firefox's idle check runs after 1 s, grants one more period for the
    // pending message, and would stop the page at 2 s.
    const record = await ff.clickMenu(`${cdn.origin}/slow/img/speckle-84.png?ms=3500`, tabId);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.cached, false);
  });

  test('badges come from the cache after a suspension', async () => {
    await ff.call('settings.update', { autoBadgeSites: [...DEFAULT_SETTINGS.autoBadgeSites, new URL(site.origin).host] });
    const { page } = await ff.openTab(`${site.origin}/feed.html`);
    const settled = () =>
      until(async () => {
        const shown = shownBadges(await readUiFirefox(page));
        return shown.length === IMAGES.length && shown.every((b) => !['pending', 'error'].includes(b.attrs['data-kind'] ?? '')) ? shown : undefined;
      }, 'a verdict badge on every image', 60_000);
    const before = (await settled()).map((b) => b.attrs['data-kind']);
    // Suspended once idle, the page starts afresh on the next event: its encoder-run count starts at 0 again.
    // Asking wakes it, so this asks only now and then, until a fresh page answers.
    await until(
      async () => {
        await new Promise((r) => setTimeout(r, 3 * IDLE_MS));
        return (await ff.call('engine.status', {})).runs === 0 ? true : undefined;
      },
      'the background page to be suspended and started again',
      60_000,
    );
    await page.reload();
    const after = (await settled()).map((b) => b.attrs['data-kind']);
    assert.deepEqual(after, before);
    assert.equal((await ff.call('engine.status', {})).runs, 0, 'no encoder run: every badge came from the cache');
  });
});
