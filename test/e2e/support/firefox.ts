// Debian's Firefox ESR with the unpacked Firefox test build installed as a temporary add-on, driven over
// WebDriver BiDi by puppeteer-core. BiDi does not reach extension contexts in Firefox (bug 1755014), so the
// background is reached through the test build's bridge (src/extension/test-bridge/main.ts), embedded in a
// page served here on 127.0.0.1; extension pages open in tabs are read through the background's `ui` hook
// and photographed with tabs.captureTab.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { UiAction, UiElement } from '../../../src/extension/background/test-ui';
import type { Args, MessageType, Reply, Result, VerdictRecord } from '../../../src/extension/shared/protocol';
import { SCREENSHOTS } from './pages';
import { startServer, type TestServer } from './server';

export const FIREFOX = '/usr/bin/firefox-esr';
export const FIREFOX_TEST_BUILD = 'dist/firefox-test';
const EXTENSION_ID = 'originlens@originlens';
/** The extension's moz-extension host, fixed by a preference so that pages can name it. */
const UUID = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
export const EXTENSION_ORIGIN = `moz-extension://${UUID}`;

/** The page that holds the bridge: window.olBridge(request) posts to it and resolves with its reply. */
const BRIDGE_HTML = `<!doctype html><meta charset="utf-8"><title>bridge</title>
<iframe id="bridge" src="${EXTENSION_ORIGIN}/test-bridge.html" width="1" height="1"></iframe>
<script>
let next = 0;
const waiting = new Map();
const ready = new Promise((resolve) => addEventListener('message', (event) => {
  if (event.data && event.data.bridge === 'ready') resolve();
  const w = event.data && waiting.get(event.data.id);
  if (!w) return;
  waiting.delete(event.data.id);
  if (event.data.ok) w.resolve(event.data.value); else w.reject(new Error(event.data.error));
}));
window.olBridge = async (request) => {
  await ready;
  const id = ++next;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    document.getElementById('bridge').contentWindow.postMessage({ ...request, id, op: 'hook' }, '*');
  });
};
</script>`;

export interface FirefoxExtension {
  browser: Browser;
  /** Calls `globalThis[object][method](...args)` in the background page (a test hook or an API function). */
  hook(object: string, method: string, ...args: unknown[]): Promise<unknown>;
  /** A background request as an extension page would make it. */
  call<K extends MessageType<'background'>>(type: K, args: Args<'background', K>): Promise<Result<'background', K>>;
  /** What the context menu's "Attribute this image" does for `srcUrl` in tab `tabId`. */
  clickMenu(srcUrl: string, tabId: number): Promise<VerdictRecord>;
  /** The id of the tab showing `url` (Firefox's tabs.query takes no port in its URL patterns, so all tabs are read). */
  tabIdOf(url: string): Promise<number>;
  /** Opens `url` in a new tab; its page and tab id. */
  openTab(url: string): Promise<{ page: Page; tabId: number }>;
  /** Opens an extension page (popup.html?tab=ID, options.html) in a tab of its own; the tab's id. */
  openExtensionPage(path: string): Promise<number>;
  /** Reads or drives an extension page open in a tab (background/test-ui.ts). */
  ui(page: string, action: UiAction): Promise<UiElement[] | null>;
  /** A screenshot of a tab (one BiDi cannot see) saved under test-results/screenshots/; its path. */
  captureTab(tabId: number, name: string, t: { diagnostic(message: string): void }): Promise<string>;
  close(): Promise<void>;
}

export function checkFirefoxTestBuild(): void {
  if (!existsSync(`${FIREFOX_TEST_BUILD}/manifest.json`)) throw new Error(`${FIREFOX_TEST_BUILD} is missing: run \`npm run build:test\` first`);
}

/** `prefs`: more Firefox preferences, e.g. a short idle timeout for the background page. */
export async function launchFirefox(prefs: Record<string, unknown> = {}): Promise<FirefoxExtension> {
  checkFirefoxTestBuild();
  const server: TestServer = await startServer({ '/bridge.html': BRIDGE_HTML });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1280, height: 720 },
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: UUID }), ...prefs },
  });
  const id = await browser.installExtension(resolve(FIREFOX_TEST_BUILD));
  if (id !== EXTENSION_ID) throw new Error(`installed ${id}, expected ${EXTENSION_ID}`);
  const bridge = await browser.newPage();
  await bridge.goto(`${server.origin}/bridge.html`);
  const hook = (object: string, method: string, ...args: unknown[]) =>
    bridge.evaluate((o, m, a) => (window as unknown as { olBridge(r: unknown): Promise<unknown> }).olBridge({ object: o, method: m, args: a }), object, method, args);
  const ui = async (page: string, action: UiAction) => (await hook('originlensTest', 'ui', page, action)) as UiElement[] | null;
  const tabs = async () => (await hook('browser.tabs', 'query', {})) as { id: number; url?: string }[];
  const tabIdOf = async (url: string) => {
    const tab = (await tabs()).find((t) => t.url === url);
    if (tab === undefined) throw new Error(`no tab shows ${url}`);
    return tab.id;
  };
  // Installing opens the welcome page, whose time estimates run in the background page (Firefox's engine
  // host) for seconds: closed at once, as the Chromium harness closes it, and an estimate it started is
  // waited for (estimates take turns, engine-host/one-at-a-time.ts: one for no known encoder queues behind
  // it and fails at once), so that each test starts with a quiet engine host.
  const welcome = `${EXTENSION_ORIGIN}/welcome.html`;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const tab = (await tabs()).find((t) => t.url === welcome);
    if (tab === undefined) continue;
    await hook('browser.tabs', 'remove', tab.id);
    await hook('originlensTest', 'call', 'engine.estimate', { encoder: 'no-such-encoder' });
    break;
  }
  return {
    browser,
    hook,
    async call(type, args) {
      const reply = (await hook('originlensTest', 'call', type, args)) as Reply<Result<'background', typeof type>>;
      if (!reply.ok) throw new Error(`${type}: ${reply.error.message}`);
      return reply.value;
    },
    clickMenu: async (srcUrl, tabId) => (await hook('originlensTest', 'onMenuClick', { menuItemId: 'originlens-attribute-image', srcUrl, editable: false }, { id: tabId })) as VerdictRecord,
    tabIdOf,
    async openTab(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return { page, tabId: await tabIdOf(url) };
    },
    async openExtensionPage(path) {
      const tab = (await hook('browser.tabs', 'create', { url: `${EXTENSION_ORIGIN}/${path}` })) as { id: number };
      // tabs.create answers before the page exists: wait until the background can see it.
      const page = path.replace(/[?#].*$/, '');
      const deadline = Date.now() + 20_000;
      while (!(await ui(page, { query: 'body' }).then(() => true, () => false))) {
        if (Date.now() > deadline) throw new Error(`${path} did not open`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return tab.id;
    },
    ui,
    async captureTab(tabId, name, t) {
      await hook('browser.tabs', 'update', tabId, { active: true });
      const url = (await hook('browser.tabs', 'captureTab', tabId)) as string;
      await mkdir(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, name);
      await writeFile(path, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
      t.diagnostic(`screenshot: ${path}`);
      return path;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
