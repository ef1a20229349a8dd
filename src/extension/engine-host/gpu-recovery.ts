// WebGPU's device can be lost at any time (driver reset, GPU process crash, the browser reclaiming it). A
// session on a lost device does not fail its runs: in Chromium they never settle, and onnxruntime-web then
// refuses every other session of the document ("Session already started"; both seen in the end-to-end
// test). So a run on WebGPU races the device's `lost` promise, and when the device goes the engine host's
// document closes itself without answering: the background starts a new one and repeats the request
// (offscreen-link.ts), which gets a fresh device, as WebGPU's guidance for a lost device has it.
import { env } from 'onnxruntime-web';
import type { LoadedEngine } from './engine';

class DeviceLost extends Error {
  override name = 'DeviceLost';
  constructor(reason: string) {
    super(`the GPU device was lost (${reason})`);
  }
}

let lost: Promise<string> | undefined;

/** Resolves with the reason when onnxruntime-web's device is lost (asked only once a WebGPU engine exists). */
function deviceLost(): Promise<string> {
  // Typed as a promise, but onnxruntime-web 1.30 hands the device itself once it made one: await takes both.
  const device = env.webgpu.device as GPUDevice | Promise<GPUDevice>;
  lost ??= (async () => {
    const info = await (await device).lost;
    return info.message || info.reason;
  })();
  return lost;
}

/**
 * Runs `run` on `engine`. On WebGPU in the offscreen document, a lost device closes the document instead
 * of answering. (Firefox's background page cannot close itself: there the run fails with the reason.)
 */
export async function runWatchingDevice<T>(engine: LoadedEngine, run: () => Promise<T>): Promise<T> {
  if (engine.backend !== 'webgpu') return run();
  const gone = deviceLost().then((reason) => Promise.reject(new DeviceLost(reason)));
  gone.catch(() => undefined);
  try {
    return await Promise.race([run(), gone]);
  } catch (error) {
    if (!(error instanceof DeviceLost) || !location.pathname.endsWith('/offscreen.html')) throw error;
    window.close();
    // No answer: the closing document drops the request, and the background repeats it.
    return new Promise<T>(() => undefined);
  }
}
