// The extension's work around the encoder, in Chromium: the verdict cache's look-ups with many verdicts
// stored (browser-cache.ts) and the content script's main-thread time on a page of many images
// (browser-discovery.ts).
import { call } from '../../test/e2e/support/background';
import { launch } from './browser-harness';
import { cacheFigures, timeCache } from './browser-cache';
import { discoveryFigures, discoverySite, traceDiscovery, type DiscoveryRun } from './browser-discovery';
import type { Section } from './report';

export const browserPageSection: Section = {
  id: 'browser-page',
  title: 'Verdict cache and content script in Chromium',
  async run(options) {
    const images = options.quick ? 200 : 2000;
    const pageRuns = options.quick ? 1 : 5;
    const stored = options.quick ? 5_000 : 100_000;
    const lookups = options.quick ? 50 : 1000;
    const browser = await launch();
    try {
      await call(browser.worker, 'test.installModels', {});
      // First with no verdict reaching the page (finding and queueing alone, the figure), then as a
      // person sees it, with verdicts arriving and badges changing while the page is traced.
      const held = await discoverySite(browser, images, true);
      const heldRuns: DiscoveryRun[] = [];
      try {
        for (let r = 0; r < pageRuns; r++) {
          options.log(`content script: page of ${images} images, verdicts held back, run ${r + 1} of ${pageRuns}`);
          heldRuns.push(await traceDiscovery(browser, held, images, { path: `/page-${r}.html` }));
        }
      } finally {
        await held.close();
      }
      const site = await discoverySite(browser, images);
      const runs: DiscoveryRun[] = [];
      try {
        for (let r = 0; r < pageRuns; r++) {
          options.log(`content script: page of ${images} images, run ${r + 1} of ${pageRuns}`);
          runs.push(await traceDiscovery(browser, site, images));
        }
      } finally {
        await site.close();
      }
      options.log(`verdict cache: filling ${stored} verdicts, then ${lookups} look-ups of each kind`);
      const cache = await timeCache(browser.worker, stored, lookups);
      return [...discoveryFigures(heldRuns, 'discover-queue', 'no verdict arriving'), ...discoveryFigures(runs, 'with-verdicts', 'verdicts arriving meanwhile'), ...cacheFigures(cache, stored)];
    } finally {
      await browser.close();
    }
  },
};
