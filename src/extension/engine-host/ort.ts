// onnxruntime-web inside the extension. Its WASM/WebGPU (JSEP) runtime is two files the build copies into
// the extension, the .wasm and the Emscripten module (.mjs) that loads it: MV3 allows no remote code, so
// wasmPaths points at the extension's own URLs. The module is loaded from its own file rather than from
// the copy bundled into engine-host.js because each WASM thread is a worker that starts the module's
// script: started from engine-host.js, a thread would run the whole engine host (extension APIs
// included, which workers lack) and never come up, and the first session would wait for it for ever.
import * as ort from 'onnxruntime-web';
import type { OrtModule } from '../../engine/encoder';

export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.jsep.wasm';
export const ORT_MODULE_FILE = 'ort-wasm-simd-threaded.jsep.mjs';

export function configureOrt(ortFolderUrl: string): OrtModule {
  ort.env.wasm.wasmPaths = { wasm: `${ortFolderUrl}${ORT_WASM_FILE}`, mjs: `${ortFolderUrl}${ORT_MODULE_FILE}` };
  // Threads need SharedArrayBuffer, which needs cross-origin isolation; without it onnxruntime-web would
  // warn and fall back to one thread anyway.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  return ort;
}
