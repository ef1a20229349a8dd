// Chromium with the test models installed and one site in the auto-badge list, as the badge tests start.
import { DEFAULT_SETTINGS } from '../../../src/extension/shared/settings';
import { call } from './background';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import type { TestServer } from './server';

export async function launchWithBadgesOn(site: TestServer): Promise<ExtensionBrowser> {
  const browser = await launchWithExtension('dist/chrome-test');
  await call(browser.worker, 'test.installModels', {});
  // As the options page would: the site's origin (host and port) joins the auto-badge list.
  await call(browser.worker, 'settings.update', { autoBadgeSites: [...DEFAULT_SETTINGS.autoBadgeSites, new URL(site.origin).host] });
  return browser;
}
