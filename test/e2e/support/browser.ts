// Debian's Chromium with an unpacked build of the extension, driven by playwright-core: new headless
// mode, a fresh profile each time, nothing fetched from the network on the browser's own account.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { tabIdOf } from './background';

export const CHROMIUM = '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's service worker, where tests reach the background (a new one after stopWorker). */
  worker: Worker;
  extensionId: string;
  /** Stops the service worker, as Chrome does when it idles, and waits for the next one to start. */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `extraArgs`: more Chromium switches, e.g. host-resolver rules that give 127.0.0.1 a public-looking name.
 * `profile`: a profile folder to use and keep (a browser restarted on it finds the extension's data);
 * by default a fresh one, deleted on close.
 */
/**
 * Chromium with the extension loaded. Installing it opens its welcome page in a tab of its own, which
 * would stand in front of the pages a test opens: it is closed unless the test keeps it (`keepWelcome`).
 */
export async function launchWithExtension(dir: string, extraArgs: string[] = [], profile?: string, opts: { keepWelcome?: boolean } = {}): Promise<ExtensionBrowser> {
  const extension = resolve(dir);
  const own = profile === undefined;
  profile ??= await mkdtemp(join(tmpdir(), 'originlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    // headless: false so that playwright adds no --headless flag of its own; the new headless mode is asked for below.
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Without it this Chromium (headless, no GPU) has navigator.gpu but requestAdapter() gives null; with
      // it, the software SwiftShader adapter ("fallback adapter") is offered, which the WebGPU tests run on.
      '--enable-unsafe-webgpu',
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      ...extraArgs,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  if (!opts.keepWelcome) {
    // Opened on a fresh install only: a profile used before has none to close, and is not waited on long.
    const welcome = `chrome-extension://${extensionId}/welcome.html`;
    const deadline = Date.now() + (own ? 10_000 : 2_000);
    for (let page; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      page = context.pages().find((p) => p.url() === welcome);
      if (page) {
        await page.close();
        break;
      }
    }
  }
  const result: ExtensionBrowser = {
    context,
    worker,
    extensionId,
    async stopWorker() {
      // What Chrome does to an idle worker, done at once through the DevTools protocol.
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const workers = async () => (await cdp.send('Target.getTargets')).targetInfos.filter((t) => t.type === 'service_worker').length;
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await until(async () => (await workers()) === 0, 'the service worker to stop');
      // Any extension event wakes the worker again; closing a tab fires tabs.onRemoved.
      await page.close();
      // Playwright announces no new worker here, so the one it lists is probed until it answers.
      let next: Worker | undefined;
      await until(async () => {
        next = context.serviceWorkers()[0];
        return next !== undefined && (await next.evaluate(() => 'originlensTest' in globalThis).catch(() => false));
      }, 'the service worker to start again');
      result.worker = next!;
    },
    async close() {
      await context.close();
      if (own) await rm(profile, { recursive: true, force: true });
    },
  };
  return result;
}

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens `url` in a new tab and finds the tab's id, which the background's requests name. */
export async function openTab(browser: ExtensionBrowser, url: string): Promise<{ page: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(browser.worker, url) };
}
