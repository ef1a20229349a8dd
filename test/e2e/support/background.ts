/// <reference types="chrome" />
// Reaching the background from a test: its test-only hooks (test builds expose `originlensTest` in the
// service worker), typed with the protocol so a test cannot call a message with the wrong arguments.
import type { Worker } from 'playwright-core';
import type { Args, MessageType, Reply, Result, VerdictRecord } from '../../../src/extension/shared/protocol';

export async function call<K extends MessageType<'background'>>(worker: Worker, type: K, args: Args<'background', K>): Promise<Result<'background', K>> {
  const reply = (await worker.evaluate(
    ([t, a]) => (globalThis as unknown as { originlensTest: { call(t: unknown, a: unknown): Promise<unknown> } }).originlensTest.call(t, a),
    [type, args] as const,
  )) as Reply<Result<'background', K>>;
  if (!reply.ok) throw new Error(`${type}: ${reply.error.message}`);
  return reply.value;
}

/** What the context menu's "Attribute this image" does for `srcUrl` in tab `tabId`, and how long it took. */
export async function clickMenu(worker: Worker, srcUrl: string, tabId: number): Promise<{ record: VerdictRecord; ms: number }> {
  return worker.evaluate(
    async ([src, tab]) => {
      const hooks = (globalThis as unknown as { originlensTest: { onMenuClick(info: unknown, tab: unknown): Promise<unknown> } }).originlensTest;
      const start = performance.now();
      const record = (await hooks.onMenuClick({ menuItemId: 'originlens-attribute-image', srcUrl: src, editable: false }, { id: tab })) as VerdictRecord;
      return { record, ms: performance.now() - start };
    },
    [srcUrl, tabId] as const,
  );
}

/** The id of the tab showing `url` (tabs.query from the service worker). */
export function tabIdOf(worker: Worker, url: string): Promise<number> {
  return worker.evaluate(async (u) => {
    const [tab] = await chrome.tabs.query({ url: u });
    if (tab?.id === undefined) throw new Error(`no tab shows ${u}`);
    return tab.id;
  }, url);
}
