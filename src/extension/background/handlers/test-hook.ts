// Test builds only (registered behind TEST_BUILD in index.ts): calls a test hook that the background or
// the engine host put on the global object (originlensTest, originlensBench) or an extension API function
// (browser.tabs.query), for tests that cannot
// evaluate in the background themselves (Firefox's background page is out of WebDriver BiDi's reach).
import type { Handler } from '../../shared/dispatcher';

export const testHook: Handler<'background', 'test.hook'> = async ({ object, method, args }) => {
  // A dotted path reaches a namespace of the extension API too, e.g. "browser.tabs".
  let target: unknown = globalThis;
  for (const key of object.split('.')) target = (target as Record<string, unknown> | undefined)?.[key];
  const fn = (target as Record<string, unknown> | undefined)?.[method];
  if (typeof fn !== 'function') throw new Error(`no test hook ${object}.${method}`);
  return (await (fn as (...a: unknown[]) => unknown).apply(target, args)) ?? null;
};
