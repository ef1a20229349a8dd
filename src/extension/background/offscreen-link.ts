/// <reference types="chrome" />
// Chrome: the engine host is the offscreen document. There can be only one, and creating a second
// throws, so creation goes through one shared promise and runtime.getContexts says whether it exists
// (the worker may have been restarted since it was created).
import { send } from '../messaging';
import type { EngineLink } from './engine-link';

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
    try {
      return await send('engine-host', type, args);
    } catch (error) {
      // The document was closed or crashed while it held the request (Chrome may close it, and so may
      // anyone calling offscreen.closeDocument): start it again and ask once more. Every engine-host
      // request can be repeated safely: a job fetches and hashes again, the verdict cache answers repeats.
      if (await exists()) throw error;
      await ensureOffscreen();
      return send('engine-host', type, args);
    }
  },
  running: exists,
};
