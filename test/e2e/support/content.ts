/// <reference types="chrome" />
// Talking to a tab's content script as the popup does (tabs.sendMessage, from the service worker here),
// and the boxes of a page's own elements, to tell whether anything of ours moved them.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import type { Args, MessageType, Reply, Result } from '../../../src/extension/shared/protocol';

export async function askTab<K extends MessageType<'content'>>(worker: Worker, tabId: number, type: K, args: Args<'content', K>): Promise<Result<'content', K>> {
  const reply = (await worker.evaluate(([tab, t, a]) => chrome.tabs.sendMessage(tab, { target: 'content', type: t, args: a }), [tabId, type, args] as const)) as Reply<Result<'content', K>>;
  if (!reply.ok) throw new Error(`${type}: ${reply.error.message}`);
  return reply.value;
}

/** Every element of the page's body with its box in document coordinates, and the document's size. */
export function layoutOf(page: Page): Promise<{ boxes: string[]; scroll: [number, number] }> {
  return page.evaluate(() => {
    const boxes = [...document.body.querySelectorAll('*')].map((el) => {
      const r = el.getBoundingClientRect();
      return `${el.tagName}#${el.id}: ${r.left + scrollX},${r.top + scrollY} ${r.width}x${r.height}`;
    });
    return { boxes, scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight] as [number, number] };
  });
}

/** Viewport boxes of the page's images, by the URL each shows. */
export function imageBoxes(page: Page): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.images].map((img) => {
        const r = img.getBoundingClientRect();
        return [img.currentSrc || img.src, { x: r.x, y: r.y, width: r.width, height: r.height }];
      }),
    ),
  );
}

/** Saves what the window shows under test-results/screenshots/ (git-ignored) and says where. */
export async function saveScreenshot(page: Page, name: string, t: { diagnostic(message: string): void }): Promise<string> {
  const dir = 'test-results/screenshots';
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await page.screenshot({ path });
  t.diagnostic(`screenshot: ${path}`);
  return path;
}
