import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Runtime } from './browser-api';
import { CodedError } from './errors';
import { createDispatcher, type HandlerTable, type Handlers } from './dispatcher';

const self = { id: 'our-id', origin: 'chrome-extension://our-id/' };
const seen: unknown[] = [];
// A partial table on purpose: what the dispatcher does with a type that has no handler.
const handlers: HandlerTable<'background'> = {
  'image.attribute': async (args, context) => {
    seen.push({ args, context });
    return { verdict: { kind: 'real', probabilities: {}, llr: 0, openSetScore: 1, encoder: 'e', head: 'h', ms: 1 }, cached: false };
  },
  'cache.clear': async () => ({ verdicts: 3, urls: 4 }),
  'settings.get': async () => {
    throw new Error('storage is broken');
  },
  'queue.state': async () => {
    throw new CodedError('busy', 'too much is waiting');
  },
};
const dispatch = createDispatcher('background', handlers, self);

// Checked by tsc (npm run typecheck), not at run time: a context's table lacking a handler does not compile.
// @ts-expect-error: "engine.retrain" and the others have no handler here
const incomplete: Handlers<'engine-host'> = { 'engine.status': async () => ({ backend: null }) as never };
void incomplete;

const contentScript: Runtime.MessageSender = { id: 'our-id', url: 'https://news.example/page', tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false }, frameId: 0 };
const extensionPage: Runtime.MessageSender = { id: 'our-id', url: 'chrome-extension://our-id/popup.html' };
const otherExtension: Runtime.MessageSender = { id: 'someone-else', url: 'chrome-extension://someone-else/x.html' };

test('messages for another target are left to their own context', () => {
  assert.equal(dispatch({ target: 'engine-host', type: 'engine.status', args: {} }, extensionPage), undefined);
  assert.equal(dispatch('not a message', extensionPage), undefined);
});

test('a content script reaches its requests with validated arguments and its own tab id', async () => {
  seen.length = 0;
  const reply = await dispatch({ target: 'background', type: 'image.attribute', args: { url: 'https://cdn.example/a.png', priority: 'visible' } }, contentScript);
  assert.equal(reply?.ok, true);
  assert.deepEqual(seen, [{ args: { url: 'https://cdn.example/a.png', priority: 'visible' }, context: { caller: 'content', tabId: 7, frameId: 0, url: 'https://news.example/page' } }]);
});

test('a content script cannot reach extension-only requests, nor pass bad arguments', async () => {
  assert.deepEqual(await dispatch({ target: 'background', type: 'cache.clear', args: {} }, contentScript), { ok: false, error: { code: 'refused', message: '"cache.clear" may not be sent from a web page' } });
  const bad = await dispatch({ target: 'background', type: 'image.attribute', args: { url: 'file:///etc/passwd', priority: 'visible' } }, contentScript);
  assert.equal(bad?.ok, false);
  assert.equal(seen.length, 1, 'the handler never ran');
});

test('extension pages reach everything; other extensions nothing', async () => {
  assert.deepEqual(await dispatch({ target: 'background', type: 'cache.clear', args: {} }, extensionPage), { ok: true, value: { verdicts: 3, urls: 4 } });
  const foreign = await dispatch({ target: 'background', type: 'cache.clear', args: {} }, otherExtension);
  assert.equal(foreign?.ok, false);
});

test('unknown types and failing handlers answer with an error, never with silence', async () => {
  assert.deepEqual(await dispatch({ target: 'background', type: 'nope', args: {} }, extensionPage), { ok: false, error: { code: 'unknown-message', message: 'unknown message "nope"' } });
  assert.deepEqual(await dispatch({ target: 'background', type: 'settings.get', args: {} }, extensionPage), { ok: false, error: { code: 'failed', message: 'storage is broken' } });
  // An error that knows its code crosses with it: the receiver decides by the code, not the sentence.
  assert.deepEqual(await dispatch({ target: 'background', type: 'queue.state', args: {} }, extensionPage), { ok: false, error: { code: 'busy', message: 'too much is waiting' } });
});
