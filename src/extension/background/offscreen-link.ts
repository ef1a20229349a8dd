/// <reference types="chrome" />
// Chrome: the engine host is the offscreen document. There can be only one, and creating a second
// throws, so creation goes through one shared promise and runtime.getContexts says whether it exists
// (the worker may have been restarted since it was created).
import { send } from '../shared/messaging';
import type { EngineLink } from '../shared/engine-link';

const PATH = 'offscreen.html';
let creating: Promise<void> | undefined;

async function exists(): Promise<boolean> {
  const contexts = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [chrome.runtime.getURL(PATH)],
  });
  return contexts.length > 0;
}

export async function ensureOffscreen(): Promise<void> {
  if (await exists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: PATH,
      // WORKERS: onnxruntime-web runs the encoder there (WebAssembly, WebGPU), which a service worker cannot.
      reasons: [chrome.offscreen.Reason.WORKERS],
      justification: 'Runs the image attribution model on this computer',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

export const offscreenLink: EngineLink = {
  async call(type, args) {
    await ensureOffscreen();
    // Every engine-host request can be repeated safely: a job fetches and hashes again, and the verdict
    // cache answers repeats. So a request is repeated when the document could not have answered it:
    // - it was closed or crashed while holding it (Chrome may close it, so may offscreen.closeDocument):
    //   it is started again;
    // - it exists but is not listening yet ("Receiving end does not exist": createDocument can resolve
    //   before the document's script has added its listener, seen under load): a moment later.
    for (let attempt = 0; ; attempt++) {
      try {
        return await send('engine-host', type, args);
      } catch (error) {
        const notListening = error instanceof Error && /Receiving end does not exist/.test(error.message);
        const alive = await exists();
        if (attempt >= 20 || (alive && !notListening)) throw error;
        if (alive) await new Promise((resolve) => setTimeout(resolve, 100));
        else await ensureOffscreen();
      }
    }
  },
  running: exists,
};
