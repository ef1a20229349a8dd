// Code run in a content script's own world (the extension's isolated world in a page), found through
// the DevTools protocol: what a compromised page that took over our content script could send.
import type { CDPSession, Page } from 'playwright-core';

export interface ContentWorld {
  /** chrome.runtime.sendMessage(message) from the content script's world; its reply. */
  send(message: unknown): Promise<unknown>;
  /** An expression evaluated in the content script's world (awaited), its value as JSON. */
  evaluate(expression: string): Promise<unknown>;
}

export async function contentWorld(page: Page, extensionName: string): Promise<ContentWorld> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const worlds: { id: number; name: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push({ id: context.id, name: context.name }));
  // Enabling replays the contexts that exist already.
  await cdp.send('Runtime.enable');
  const world = worlds.find((w) => w.name === extensionName);
  if (!world) throw new Error(`no content-script world named "${extensionName}" among ${worlds.map((w) => JSON.stringify(w.name)).join(', ')}`);
  const evaluate = async (expression: string) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { contextId: world.id, expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value as unknown;
  };
  return {
    // Through JSON.parse, so that keys like "__proto__" arrive as own keys, as in a cloned message.
    send: (message) => evaluate(`chrome.runtime.sendMessage(JSON.parse(${JSON.stringify(JSON.stringify(message))}))`),
    evaluate,
  };
}
