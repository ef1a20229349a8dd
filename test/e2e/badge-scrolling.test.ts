// Badges keep up with a person scrolling a long feed, in Chromium: 2,400 images, scrolled continuously
// (no pauses) well past the 250th, every image on screen whose verdict is known shows its badge within
// half a second of coming on screen. Measured in the content script's own world, frame by frame, with the
// page's clock: the badges live in a closed shadow root the page cannot read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExtensionBrowser } from './support/browser';
import { launchWithBadgesOn } from './support/badge-site';
import { contentWorld } from './support/content-world';
import { startServer, type TestServer } from './support/server';
import { readUi, shownBadges, until } from './support/shadow-ui';

const IMAGES = 2400;
// A few pictures, repeated: placement is per image element, whatever verdicts they share.
const PATHS = ['/img/stripes-61.png', '/img/blocks-62.png', '/img/speckle-63.png', '/img/smooth-64.png', '/img/rings-65.png', '/img/stripes-66.png'];

let browser: ExtensionBrowser;
let site: TestServer;

before(async () => {
  const tags = Array.from({ length: IMAGES }, (_, i) => `<img src="${PATHS[i % PATHS.length]}" width="100" height="100" alt="">`).join('');
  site = await startServer({ '/feed.html': `<!doctype html><meta charset="utf-8"><title>Long feed</title><body style="margin:0;width:1000px">${tags}</body>` });
  browser = await launchWithBadgesOn(site);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

/** Runs in the content script's world: scrolls for `ms`, and for every image on screen, how long until its badge showed. */
const MEASURE = (ms: number) => `new Promise((resolve) => {
  const root = globalThis.originlensTestUi;
  const images = [...document.images];
  const firstSeen = new Map();
  const waited = new Map();
  const shown = [];
  const unbadged = [];
  let frames = 0;
  const start = performance.now();
  const hasBadge = (r, badges) => badges.some((b) => b.left >= r.left - 1 && b.left < r.right && b.top >= r.top - 1 && b.top < r.bottom);
  function frame() {
    const now = performance.now();
    frames++;
    const badges = [...root.querySelectorAll('.badge:not([hidden])')].map((b) => b.getBoundingClientRect());
    images.forEach((img, i) => {
      const r = img.getBoundingClientRect();
      // Wholly on screen, so that its badge has room whatever the clamping at the edges.
      if (r.top < 0 || r.bottom > innerHeight) {
        // Gone from the screen without ever showing a badge: how long it was there without one.
        if (firstSeen.has(i) && !waited.has(i)) unbadged.push([i, now - firstSeen.get(i)]);
        firstSeen.delete(i);
        waited.delete(i);
        return;
      }
      if (!firstSeen.has(i)) firstSeen.set(i, now);
      if (hasBadge(r, badges) && !waited.has(i)) {
        waited.set(i, now - firstSeen.get(i));
        shown.push(now - firstSeen.get(i));
      }
    });
    if (now - start < ${ms}) { scrollBy(0, 6); requestAnimationFrame(frame); return; }
    // Still on screen at the end without a badge: waited since it came on screen.
    for (const [i, t] of firstSeen) if (!waited.has(i)) unbadged.push([i, now - t]);
    resolve({ frames, scrolled: scrollY, waits: shown, missing: unbadged, lastIndex: Math.max(...firstSeen.keys()) });
  }
  requestAnimationFrame(frame);
})`;

test('scrolling 2,400 images continuously, every image on screen shows its badge within half a second', async (t) => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto(`${site.origin}/feed.html`);
  // Every verdict known first (six pictures), so that what is measured is placement, not inference.
  await until(async () => {
    const shown = shownBadges(await readUi(page));
    return shown.length >= 20 && shown.every((b) => b.attrs['data-kind'] !== 'pending') ? true : undefined;
  }, 'the first screen of badges', 60_000);
  const world = await contentWorld(page, 'OriginLens (test build)');
  const result = (await world.evaluate(MEASURE(16_000))) as { frames: number; scrolled: number; waits: number[]; missing: [number, number][]; lastIndex: number };
  const worst = Math.max(...result.waits, ...result.missing.map(([, w]) => w));
  t.diagnostic(`${result.frames} frames, scrolled ${result.scrolled} px down to image ${result.lastIndex}; ${result.waits.length} images showed a badge on screen, ${result.missing.length} never did; worst wait for a badge ${worst.toFixed(0)} ms, median ${[...result.waits].sort((a, b) => a - b)[Math.floor(result.waits.length / 2)]?.toFixed(0)} ms`);
  assert.ok(result.lastIndex > 500, `scrolled past the 500th image (reached ${result.lastIndex})`);
  const late = result.missing.filter(([, w]) => w > 500);
  assert.deepEqual(late.slice(0, 10), [], `${late.length} images were on screen for more than half a second without a badge ([image, ms])`);
  assert.ok(result.waits.every((w) => w <= 500), `waits over half a second: ${result.waits.filter((w) => w > 500).map((w) => w.toFixed(0)).join(', ')}`);
  await page.close();
});
