// onnxruntime-web inside the extension. Its default build bundles the JavaScript of its WASM/WebGPU
// (JSEP) runtime and loads one .wasm file, which the build copies into the extension: MV3 allows no
// remote code, so wasmPaths points at the extension's own URL.
//
// With threads (cross-origin isolated pages: Chrome's offscreen document), the runtime's Emscripten module
// is loaded from its own file too (Chrome builds ship it in ort/): each WASM thread is a worker that starts
// the module's script, and started from engine-host.js a thread would run the whole engine host
// (extension APIs included, which workers lack), never come up, and the first session would wait for ever.
import * as ort from 'onnxruntime-web';
import type { OrtModule } from '../../engine/encoder';
import { ORT_MODULE_FILE, ORT_WASM_FILE } from './ort-files';

export function configureOrt(ortFolderUrl: string): OrtModule {
  const wasm = `${ortFolderUrl}${ORT_WASM_FILE}`;
  ort.env.wasm.wasmPaths = globalThis.crossOriginIsolated ? { wasm, mjs: `${ortFolderUrl}${ORT_MODULE_FILE}` } : { wasm };
  // Threads need SharedArrayBuffer, which needs cross-origin isolation; without it onnxruntime-web would
  // warn and fall back to one thread anyway.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  return ort;
}
