// Debian's Chromium with an unpacked build of the extension, driven by playwright-core: new headless
// mode, a fresh profile each time, nothing fetched from the network on the browser's own account.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The extension's service worker, where tests reach the background. */
  worker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

export async function launchWithExtension(dir: string): Promise<ExtensionBrowser> {
  const extension = resolve(dir);
  const profile = await mkdtemp(join(tmpdir(), 'originlens-chromium-'));
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
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
