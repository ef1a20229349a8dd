// The start most browser tests share: the test build with its test models installed and one page open,
// whose tab the background's requests name, and a way to have images of that page's server attributed.
import { call } from './background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './browser';
import { pageHtml, startServer, type TestServer } from './server';

export interface ModelsAndTab {
  browser: ExtensionBrowser;
  site: TestServer;
  tabId: number;
  /** Attributes `${site.origin}${path}` in the tab, as a visible image. */
  attribute(path: string): ReturnType<typeof call<'image.attributeInTab'>>;
  close(): Promise<void>;
}

export async function startWithModelsAndTab(): Promise<ModelsAndTab> {
  const site = await startServer({ '/page.html': pageHtml('Page', []) });
  const browser = await launchWithExtension('dist/chrome-test');
  await call(browser.worker, 'test.installModels', {});
  const { tabId } = await openTab(browser, `${site.origin}/page.html`);
  return {
    browser,
    site,
    tabId,
    attribute: (path) => call(browser.worker, 'image.attributeInTab', { url: `${site.origin}${path}`, tabId, priority: 'visible' }),
    async close() {
      await browser.close();
      await site.close();
    },
  };
}
