// The content script in Chromium: badges on the images of a site in the auto-badge list as they come into
// view (none elsewhere), error badges for broken and hostile images while the rest carry on, infinite
// scroll, single-page navigation, no layout shift, no new inference on reload, and page.images.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { call, tabIdOf } from './support/background';
import type { ExtensionBrowser } from './support/browser';
import { launchWithBadgesOn } from './support/badge-site';
import { askTab, imageBoxes, layoutOf, saveScreenshot } from './support/content';
import { candidatesHtml, feedHtml, FEED_IMAGES, infiniteHtml, spaHtml } from './support/feeds';
import { startServer, type TestServer } from './support/server';
import { byClass, readUi, shownBadges, until, type UiNode } from './support/shadow-ui';

const VERDICT_LOOKS = ['real', 'generator', 'unknown', 'unplaced'];

describe('badges in Chromium', { timeout: 300_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let cdn: TestServer;
  let feed: Page;
  let feedTab: number;
  const cdnPages: Record<string, string> = {};
  const sitePages: Record<string, string> = {};
  const img = (path: string) => `${cdn.origin}${path}`;
  /** Badges shown, once none of them is pending any more and there are at least `count`. */
  const settledBadges = (page: Page, count: number, what: string) =>
    until(async () => {
      const shown = shownBadges(await readUi(page));
      return shown.length >= count && shown.every((b) => b.attrs['data-kind'] !== 'pending') ? shown : undefined;
    }, what);
  const badgeFor = (badges: UiNode[], url: string) => badges.find((b) => b.attrs['data-url'] === url.slice(0, 200));

  before(async () => {
    // The image host (and the site that is not in the auto-badge list) and the site that is.
    cdn = await startServer(cdnPages);
    site = await startServer(sitePages);
    for (const pages of [cdnPages, sitePages]) {
      Object.assign(pages, { '/feed.html': feedHtml(cdn.origin), '/endless.html': infiniteHtml(cdn.origin), '/app.html': spaHtml(cdn.origin), '/candidates.html': candidatesHtml(cdn.origin) });
    }
    browser = await launchWithBadgesOn(site);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await cdn?.close();
  });

  test('images on screen get badges as they come into view, in a closed shadow root over each image', async (t) => {
    feed = await browser.context.newPage();
    const started = Date.now();
    await feed.goto(`${site.origin}/feed.html`);
    feedTab = await tabIdOf(browser.worker, `${site.origin}/feed.html`);
    // Five pictures, four broken ones, the data: and the blob: image; not the icon, not the one far below.
    const badges = await settledBadges(feed, 11, 'eleven settled badges');
    t.diagnostic(`11 badges settled ${Date.now() - started} ms after navigation`);
    assert.equal(badges.length, 11, badges.map((b) => b.attrs['data-url']).join('\n'));
    for (const path of FEED_IMAGES.good) assert.ok(VERDICT_LOOKS.includes(badgeFor(badges, img(path))?.attrs['data-kind'] ?? ''), `${path}: ${JSON.stringify(badgeFor(badges, img(path))?.attrs)}`);
    const data = badges.find((b) => b.attrs['data-url']?.startsWith('data:'));
    const blob = badges.find((b) => b.attrs['data-url']?.startsWith('blob:'));
    assert.ok(VERDICT_LOOKS.includes(data?.attrs['data-kind'] ?? ''), `data: image ${JSON.stringify(data?.attrs)}`);
    assert.ok(VERDICT_LOOKS.includes(blob?.attrs['data-kind'] ?? ''), `blob: image ${JSON.stringify(blob?.attrs)}`);
    assert.equal(badgeFor(badges, img(FEED_IMAGES.icon)), undefined, 'no badge on an icon');
    assert.equal(badgeFor(badges, img(FEED_IMAGES.below)), undefined, 'no badge on an image far below');
    // Each badge sits inside its image's box.
    const boxes = await imageBoxes(feed);
    for (const badge of badges) {
      const image = Object.entries(boxes).find(([url]) => url.slice(0, 200) === badge.attrs['data-url'])?.[1];
      assert.ok(image && badge.box, `box of ${badge.attrs['data-url']}`);
      assert.ok(badge.box.x >= image.x && badge.box.y >= image.y && badge.box.x + badge.box.width <= image.x + image.width + 1 && badge.box.y < image.y + image.height, `${badge.attrs['data-url']}: badge ${JSON.stringify(badge.box)} outside image ${JSON.stringify(image)}`);
    }
    // The page cannot read what the badges say.
    assert.equal((await readUi(feed))?.attrs.mode, 'closed');
    assert.equal(await feed.evaluate(() => document.querySelector('originlens-ui')?.shadowRoot), null);
    await saveScreenshot(feed, 'badges.png', t);
  });

  test('broken and hostile images get error badges with the reason on hover', async () => {
    const badges = shownBadges(await readUi(feed));
    const reasons = FEED_IMAGES.broken.map((path) => {
      const badge = badgeFor(badges, img(path));
      assert.equal(badge?.attrs['data-kind'], 'error', `${path}: ${JSON.stringify(badge?.attrs)}`);
      return badge!.attrs.title ?? '';
    });
    const [missing, html, truncated, huge] = reasons;
    assert.match(missing!, /404/);
    assert.match(html!, /not an image|cannot be read/i);
    assert.match(truncated!, /cannot be read/);
    assert.match(huge!, /too large: 30000 x 30000/);
  });

  test('page.images lists the images that count, in page order, with their verdicts', async () => {
    const images = await askTab(browser.worker, feedTab, 'page.images', {});
    const urls = images.map((i) => (i.url.startsWith('data:') ? 'data:' : i.url.startsWith('blob:') ? 'blob:' : i.url));
    assert.deepEqual(urls, [...FEED_IMAGES.good.map(img), ...FEED_IMAGES.broken.map(img), 'data:', 'blob:', img(FEED_IMAGES.below)]);
    const below = images.at(-1)!;
    assert.deepEqual([below.state, below.visible, below.record], ['waiting', false, undefined], 'far below: found, not asked for');
    for (const image of images.slice(0, -1)) {
      assert.equal(image.state, 'done', image.url.slice(0, 80));
      assert.equal(image.visible, true);
      assert.deepEqual([image.width, image.height], [200, 200]);
      assert.ok(image.record, image.url.slice(0, 80));
    }
    assert.deepEqual(images.slice(5, 9).map((i) => i.record?.verdict.kind), ['error', 'error', 'error', 'error']);

    // "Attribute all": the one far below is asked for too, without scrolling to it.
    assert.deepEqual(await askTab(browser.worker, feedTab, 'page.attributeAll', {}), { queued: 1 });
    const done = await until(async () => {
      const last = (await askTab(browser.worker, feedTab, 'page.images', {})).at(-1);
      return last?.state === 'done' ? last : undefined;
    }, 'the image below to be attributed');
    assert.notEqual(done.record?.verdict.kind, 'error', done.record?.verdict.reason);
    assert.equal(done.visible, false);
  });

  test('a site that is not in the auto-badge list gets no badges and asks for nothing', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${cdn.origin}/feed.html`);
    const tab = await tabIdOf(browser.worker, `${cdn.origin}/feed.html`);
    const images = await until(async () => {
      const list = await askTab(browser.worker, tab, 'page.images', {}).catch(() => []);
      return list.length === 12 && list.filter((i) => i.visible).length === 11 ? list : undefined;
    }, 'the other site\'s images to be found');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(new Set(images.map((i) => i.state)), new Set(['waiting']));
    assert.equal(await readUi(other), undefined, 'no UI at all');

    // Same page, same window: badges moved nothing on the badged site.
    const [badged, plain] = [await layoutOf(feed), await layoutOf(other)];
    assert.deepEqual(badged.scroll, plain.scroll);
    assert.deepEqual(badged.boxes, plain.boxes);
    await other.close();
  });

  test('badges move nothing on the page: its boxes are the same with our UI removed', async () => {
    await feed.evaluate(() => scrollTo(0, 0));
    const withBadges = await layoutOf(feed);
    await feed.evaluate(() => document.querySelector('originlens-ui')?.remove());
    const without = await layoutOf(feed);
    assert.deepEqual(withBadges, without);
  });

  test('reloading the page costs no new inference', async () => {
    const before = await call(browser.worker, 'engine.status', {});
    await feed.reload();
    const badges = await settledBadges(feed, 11, 'badges after the reload');
    assert.equal(badges.length, 11);
    const after = await call(browser.worker, 'engine.status', {});
    assert.equal(after.runs, before.runs, 'no encoder run');
  });

  test('a click on a badge opens the overlay on its image', async () => {
    const [badge] = shownBadges(await readUi(feed));
    assert.ok(badge?.box);
    await feed.mouse.click(badge.box.x + badge.box.width / 2, badge.box.y + badge.box.height / 2);
    const overlay = await until(async () => byClass(await readUi(feed), 'overlay')[0], 'the overlay');
    assert.equal(overlay.attrs['data-url'], badge.attrs['data-url']);
    assert.equal(overlay.attrs['data-kind'], badge.attrs['data-kind']);
    await feed.keyboard.press('Escape');
  });

  test('an infinitely scrolling feed gets badges on the images it appends', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/endless.html`);
    await settledBadges(page, 12, 'badges on the first screen');
    for (let i = 0; i < 3; i++) {
      const count = await page.evaluate(() => document.images.length);
      await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await until(async () => ((await page.evaluate(() => document.images.length)) > count ? true : undefined), 'more images');
    }
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    const appended = await page.evaluate(() => {
      const onScreen = [...document.images].filter((img) => {
        const r = img.getBoundingClientRect();
        return Number(img.dataset.n) >= 24 && r.bottom > 0 && r.top < innerHeight;
      });
      return onScreen.map((img) => img.src);
    });
    assert.ok(appended.length >= 6, `${appended.length} appended images on screen`);
    await until(async () => {
      const badges = shownBadges(await readUi(page));
      return appended.every((url) => VERDICT_LOOKS.includes(badgeFor(badges, url)?.attrs['data-kind'] ?? '')) ? true : undefined;
    }, 'badges on every appended image on screen');
    await page.close();
  });

  test('the candidate an image shows gets the badge (srcset, <picture>, a larger one as the window grows); a placeholder none', async () => {
    const page = await browser.context.newPage();
    // Narrow: the srcset by width picks its small candidate, the one its src names too.
    await page.setViewportSize({ width: 300, height: 1200 });
    await page.goto(`${site.origin}/candidates.html`);
    /** The settled badges' URLs, once they are exactly `urls` and none is pending. */
    const badgesOn = (urls: string[], what: string) =>
      until(async () => {
        const shown = shownBadges(await readUi(page));
        const found = shown.map((b) => b.attrs['data-url']).sort();
        return shown.every((b) => b.attrs['data-kind'] !== 'pending') && JSON.stringify(found) === JSON.stringify([...urls].sort()) ? found : undefined;
      }, what);
    await badgesOn([img('/img/stripes-51.png'), img('/img/blocks-52.png'), img('/img/smooth-55.png')], 'badges on the chosen candidates, none on the placeholder');
    // The window grows: the srcset by width loads its larger candidate, with no attribute changed.
    await page.setViewportSize({ width: 1400, height: 1200 });
    await badgesOn([img('/img/stripes-51.png'), img('/img/blocks-52.png'), img('/img/stripes-56.png')], 'the badge on the larger candidate');
    await page.evaluate(() => (globalThis as unknown as { reveal(): void }).reveal());
    await badgesOn([img('/img/stripes-51.png'), img('/img/blocks-52.png'), img('/img/stripes-56.png'), img('/img/rings-54.png')], 'a badge on the picture that replaced the placeholder');
    await page.close();
  });

  test('a single-page navigation starts afresh: the new pictures get badges, the old ones lose theirs', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.origin}/app.html`);
    const first = await settledBadges(page, 2, 'badges on the first view');
    assert.deepEqual(first.map((b) => b.attrs['data-url']).sort(), [img('/img/smooth-41.png'), img('/img/stripes-42.png')]);
    await page.evaluate(() => (globalThis as unknown as { go(): void }).go());
    const second = await until(async () => {
      const badges = shownBadges(await readUi(page));
      const urls = badges.filter((b) => b.attrs['data-kind'] !== 'pending').map((b) => b.attrs['data-url']).sort();
      return urls.length === 2 && urls[0] === img('/img/blocks-43.png') ? urls : undefined;
    }, 'badges on the second view only');
    assert.deepEqual(second, [img('/img/blocks-43.png'), img('/img/speckle-44.png')]);
    await page.close();
  });
});
