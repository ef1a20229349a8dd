// Badges on small images, in Chromium: a badge never sticks out of its image. Where "AI: name NN%" would
// not fit (a 128-pixel image), the badge says it shorter; on wide images it says it in full.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExtensionBrowser } from './support/browser';
import { launchWithBadgesOn } from './support/badge-site';
import { imageBoxes } from './support/content';
import { screenshot } from './support/pages';
import { startServer, type TestServer } from './support/server';
import { readUi, shownBadges, until } from './support/shadow-ui';

const PATHS = ['/img/stripes-51.png', '/img/blocks-52.png', '/img/speckle-53.png', '/img/stripes-54.png'];
const SIZES = [100, 128, 160, 320];

let browser: ExtensionBrowser;
let site: TestServer;

before(async () => {
  const tags = PATHS.map((p, i) => `<img id="i${i}" src="${p}" width="${SIZES[i]}" height="${SIZES[i]}" alt="" style="margin:4px;vertical-align:top">`).join('');
  site = await startServer({ '/small.html': `<!doctype html><meta charset="utf-8"><title>Small</title><body style="margin:0">${tags}</body>` });
  browser = await launchWithBadgesOn(site);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('every badge fits inside its image, in a shorter form where the full one would not', async (t) => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 500 });
  await page.goto(`${site.origin}/small.html`);
  const badges = await until(async () => {
    const shown = shownBadges(await readUi(page));
    return shown.length === PATHS.length && shown.every((b) => b.attrs['data-kind'] !== 'pending' && b.box) ? shown : undefined;
  }, 'a settled badge on every image');
  const boxes = await imageBoxes(page);
  let shortened = 0;
  for (const badge of badges) {
    const image = Object.entries(boxes).find(([url]) => url.slice(0, 200) === badge.attrs['data-url'])?.[1];
    assert.ok(image && badge.box, `box of ${badge.attrs['data-url']}`);
    const right = badge.box.x + badge.box.width;
    assert.ok(right <= image.x + image.width, `${badge.text} (${badge.box.width.toFixed(0)} px wide) ends at ${right.toFixed(0)}, past its ${image.width}-pixel image ending at ${image.x + image.width}`);
    if (image.width < 140 && badge.attrs['data-kind'] === 'generator') {
      assert.equal(badge.text, 'AI', 'the short form on a small image');
      shortened++;
    }
    if (image.width >= 300 && badge.attrs['data-kind'] === 'generator') assert.match(badge.text, /^AI: test-gen-[ab] \d+%$/, 'the full form where it fits');
  }
  t.diagnostic(`${shortened} badges in the short form`);
  await screenshot(page, 'small-badges.png', t);
  await page.close();
});
