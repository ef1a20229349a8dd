// Badges keep up with a person scrolling a long feed, in Chromium: 2,400 images, each its own URL with a
// verdict known before scrolling starts, scrolled continuously (no pauses, a steady speed by the page's
// clock) from the top to the bottom. Every image wholly on screen must show its own badge within half a
// second. The feed's document order is shuffled against the order it is drawn in (a CSS `order`, as
// masonry layouts do), so the badges are made in an order unrelated to where their images are on screen.
// Measured in the content script's own world, frame by frame, with the page's clock: the badges live in a
// closed shadow root the page cannot read.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExtensionBrowser } from './support/browser';
import { launchWithBadgesOn } from './support/badge-site';
import { askTab } from './support/content';
import { contentWorld } from './support/content-world';
import { tabIdOf } from './support/background';
import { startServer, type TestServer } from './support/server';
import { readUi, shownBadges, until } from './support/shadow-ui';

const IMAGES = 2400;
const SIZE = 100;
/** Ten images a row, a window nine rows high: an image is wholly on screen for 0.8 s at this speed. */
const VIEWPORT = { width: 1000, height: 900 };
const SPEED = 1000;
const WAIT_MS = 500;
// Four pictures (small files: 2,400 of them load with the page): the server answers /img/<name>.png?n=<i>
// with the same bytes, each URL a verdict of its own.
const PATHS = ['/img/stripes-61.png', '/img/blocks-62.png', '/img/rings-65.png', '/img/stripes-66.png'];

let browser: ExtensionBrowser;
let site: TestServer;
const pages: Record<string, string> = {};

/** A fixed shuffle (a linear congruential generator), so that every run scrolls the same feed. */
function shuffled(n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let seed = 12345;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

before(async () => {
  site = await startServer(pages);
  // Document order: a shuffle of the drawn order. Image i is drawn at place i (order: i).
  const tags = shuffled(IMAGES)
    .map((i) => `<img src="${PATHS[i % PATHS.length]}?n=${i}" width="${SIZE}" height="${SIZE}" style="order:${i}" alt="">`)
    .join('');
  const pictures = PATHS.map((p) => `<img src="${p}" width="${SIZE}" height="${SIZE}" alt="">`).join('');
  Object.assign(pages, {
    '/pictures.html': `<!doctype html><meta charset="utf-8"><title>Pictures</title>${pictures}`,
    '/feed.html': `<!doctype html><meta charset="utf-8"><title>Long feed</title><body style="margin:0;width:${VIEWPORT.width}px;display:flex;flex-wrap:wrap">${tags}</body>`,
  });
  browser = await launchWithBadgesOn(site);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

interface Measured {
  frames: number;
  worstFrameMs: number;
  scrolled: number;
  bottom: number;
  /** For each image that was wholly on screen long enough to judge: ms from then until its badge showed. */
  waits: number[];
  /** [drawn place, ms on screen] of images that left (or were still there at the end) without their badge. */
  missing: [number, number][];
}

/** Runs in the content script's world: scrolls top to bottom at SPEED px/s, and times each image's badge. */
const MEASURE = `new Promise((resolve) => {
  const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('originlens-ui'));
  // The layout does not change while scrolling: each image's place in the document, read once.
  const images = [...document.images].map((img) => {
    const r = img.getBoundingClientRect();
    return { place: Number(img.style.order), url: (img.currentSrc || img.src).slice(0, 200), top: r.top + scrollY, left: r.left, width: r.width, height: r.height };
  });
  const bottom = document.documentElement.scrollHeight - innerHeight;
  const since = new Map();
  const badged = new Set();
  const waits = [];
  const missing = [];
  let frames = 0;
  let worstFrameMs = 0;
  let previous;
  const start = performance.now();
  function frame() {
    const now = performance.now();
    frames++;
    if (previous !== undefined) worstFrameMs = Math.max(worstFrameMs, now - previous);
    previous = now;
    const y = scrollY;
    const badges = new Map();
    for (const b of root.querySelectorAll('.badge:not([hidden])')) badges.set(b.getAttribute('data-url'), b);
    for (const image of images) {
      const top = image.top - y;
      const whole = top >= 0 && top + image.height <= innerHeight;
      if (!whole) {
        if (since.has(image) && !badged.has(image)) missing.push([image.place, now - since.get(image)]);
        since.delete(image);
        badged.delete(image);
        continue;
      }
      if (!since.has(image)) since.set(image, now);
      if (badged.has(image)) continue;
      const node = badges.get(image.url);
      if (!node || node.getAttribute('data-kind') === 'pending') continue;
      // Its own badge, over it and inside it from side to side.
      const b = node.getBoundingClientRect();
      if (b.left >= image.left - 1 && b.right <= image.left + image.width + 1 && b.top >= top - 1 && b.top < top + image.height) {
        badged.add(image);
        waits.push(now - since.get(image));
      }
    }
    if (y < bottom) {
      scrollTo(0, Math.min(bottom, ((now - start) * ${SPEED}) / 1000));
      requestAnimationFrame(frame);
      return;
    }
    for (const [image, t] of since) if (!badged.has(image)) missing.push([image.place, now - t]);
    resolve({ frames, worstFrameMs, scrolled: scrollY, bottom, waits, missing });
  }
  requestAnimationFrame(frame);
})`;

test(`scrolling ${IMAGES} images continuously, every image on screen shows its badge within half a second`, async (t) => {
  // The four pictures attributed once (the test encoder), then every feed URL linked to its picture's bytes
  // in the verdict cache, as if each had been fetched before: what is measured is placement, not inference.
  const pictures = await browser.context.newPage();
  await pictures.goto(`${site.origin}/pictures.html`);
  await until(async () => {
    const shown = shownBadges(await readUi(pictures));
    return shown.length === PATHS.length && shown.every((b) => b.attrs['data-kind'] !== 'pending') ? true : undefined;
  }, 'badges on the four pictures', 60_000);
  await pictures.close();
  const linked = await browser.worker.evaluate(
    async ({ bases, count }) => {
      type Row = { url: string; hash: string; fetchedAt: number; usedAt: number };
      const db = (globalThis as unknown as { originlensTest: { db(): { urls: { get(k: string): Promise<Row | undefined>; bulkPut(rows: Row[]): Promise<unknown> } } } }).originlensTest.db();
      const hashes: string[] = [];
      for (const url of bases) {
        const row = await db.urls.get(url);
        if (!row) throw new Error(`no cached link for ${url}`);
        hashes.push(row.hash);
      }
      const now = Date.now();
      await db.urls.bulkPut(Array.from({ length: count }, (_, i) => ({ url: `${bases[i % bases.length]}?n=${i}`, hash: hashes[i % hashes.length]!, fetchedAt: now, usedAt: now })));
      return count;
    },
    { bases: PATHS.map((p) => `${site.origin}${p}`), count: IMAGES },
  );
  assert.equal(linked, IMAGES);

  const page = await browser.context.newPage();
  await page.setViewportSize(VIEWPORT);
  // Not waiting for 2,400 images to load: the content script finds them as they come.
  await page.goto(`${site.origin}/feed.html`, { waitUntil: 'domcontentloaded' });
  const tab = await tabIdOf(browser.worker, `${site.origin}/feed.html`);
  // Every verdict known first, asked for in document order: the badges are made in the shuffled order.
  // (The content script may not be there yet: it is injected once the document is idle.)
  await until(async () => ((await askTab(browser.worker, tab, 'page.images', {}).catch(() => []))?.length === IMAGES ? true : undefined), 'every image of the feed found', 60_000);
  await askTab(browser.worker, tab, 'page.attributeAll', {});
  const images = await until(async () => {
    const listed = await askTab(browser.worker, tab, 'page.images', {});
    return listed.every((i) => i.state === 'done') ? listed : undefined;
  }, 'a verdict for every image', 120_000);
  const kinds = new Set(images.map((i) => i.record?.verdict.kind));
  assert.ok(!kinds.has('error') && !kinds.has(undefined), `verdicts, not errors: ${[...kinds].join(', ')}`);
  assert.equal(new Set(images.map((i) => i.url)).size, IMAGES, 'one URL per image');

  const world = await contentWorld(page, 'OriginLens (test build)');
  const result = (await world.evaluate(MEASURE)) as Measured;
  const sorted = [...result.waits].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]?.toFixed(0);
  t.diagnostic(
    `${result.frames} frames (slowest ${result.worstFrameMs.toFixed(0)} ms), scrolled ${result.scrolled} of ${result.bottom} px at ${SPEED} px/s; ` +
      `${result.waits.length} images showed their badge on screen, ${result.missing.length} left without one; wait for a badge: median ${at(0.5)} ms, 99th percentile ${at(0.99)} ms, worst ${sorted.at(-1)?.toFixed(0)} ms`,
  );
  assert.equal(result.scrolled, result.bottom, 'scrolled to the bottom of the feed');
  const late = result.missing.filter(([, ms]) => ms > WAIT_MS);
  assert.deepEqual(late.slice(0, 10), [], `${late.length} images were wholly on screen for more than half a second without their badge ([place, ms])`);
  const slow = result.waits.filter((ms) => ms > WAIT_MS);
  assert.deepEqual(slow, [], `${slow.length} badges took more than half a second`);
  // Nearly every image was on screen long enough to be judged (not those at the very end).
  assert.ok(result.waits.length >= IMAGES * 0.95, `${result.waits.length} of ${IMAGES} images were timed`);
  await page.close();
});
