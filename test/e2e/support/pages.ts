// The extension's own pages in a tab: the popup for a given tab (`popup.html?tab=ID`, since a toolbar
// popup cannot be opened from a test) and the options page; screenshots go to test-results/screenshots/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from './browser';

export const SCREENSHOTS = 'test-results/screenshots';

export async function openPopup(browser: ExtensionBrowser, tabId: number): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 420, height: 640 });
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  return page;
}

export async function openOptions(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 960, height: 1400 });
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.locator('[data-testid="thresholds"]').waitFor();
  return page;
}

/** Saves a full-page screenshot and says where, through the test's diagnostics. */
export async function screenshot(page: Page, name: string, t: { diagnostic(message: string): void }): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, fullPage: true });
  t.diagnostic(`screenshot: ${path}`);
  return path;
}
