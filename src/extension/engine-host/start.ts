// Starting the engine host: onnxruntime-web and the WebP and JPEG decoders pointed at the extension's own files,
// the PNG decoder given the browser's native inflate,
// and (in the offscreen document) a dispatcher for the background's requests. On Firefox the background
// page calls the handlers directly through directEngineLink.
import { setJpegWasmLoader, setWebpWasmLoader } from '../../engine/image/decode';
import { inflateStream } from '../../engine/image/inflate-stream';
import { setPngInflate } from '../../engine/image/png-native';
import { setC2paWasmLoader } from '../../engine/provenance/c2pa-reader';
import type { EngineLink } from '../shared/engine-link';
import { browser } from '../shared/browser-api';
import { createDispatcher, invoke } from '../shared/dispatcher';
import { unwrap } from '../shared/messaging';
import { setOrt } from './engine';
import { engineHostHandlers } from './handlers';
import { keepAwake } from './keep-awake';
import { configureOrt } from './ort';
import { exposeBenchHooks } from './test-bench';
import { exposeGpuTest } from './test-gpu';
import { simulateQuota } from './test-quota';

export function startEngineHost(options: { listen: boolean }): void {
  // Before anything opens the database: the middleware must be in place when it does.
  if (__ORIGINLENS_TEST_BUILD__) simulateQuota();
  setOrt(configureOrt(browser.runtime.getURL('ort/')));
  if (__ORIGINLENS_TEST_BUILD__) {
    exposeGpuTest();
    exposeBenchHooks();
  }
  setWebpWasmLoader(async () => ({ url: browser.runtime.getURL('webp/webp_dec.wasm') }));
  setJpegWasmLoader(async () => ({ url: browser.runtime.getURL('jpeg/mozjpeg_dec.wasm') }));
  setPngInflate(inflateStream);
  // 9 MB, compiled only when an image carries Content Credentials (engine/provenance/c2pa-reader.ts).
  setC2paWasmLoader(async () => ({ url: browser.runtime.getURL('c2pa/c2pa_bg.wasm') }));
  if (options.listen) {
    const self = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
    browser.runtime.onMessage.addListener(createDispatcher('engine-host', engineHostHandlers, self));
  }
}

export const directEngineLink: EngineLink = {
  async call(type, args) {
    // Firefox's background page, which this link serves, is suspended when idle: not while it works.
    return unwrap(await keepAwake(() => invoke(engineHostHandlers, type, args, { caller: 'extension' })), `engine-host ${type}`);
  },
  running: async () => true,
};
