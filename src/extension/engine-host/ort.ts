// onnxruntime-web inside the extension. Its default build bundles the JavaScript of its WASM/WebGPU
// (JSEP) runtime and loads one .wasm file, which the build copies into the extension: MV3 allows no
// remote code, so wasmPaths points at the extension's own URL.
import * as ort from 'onnxruntime-web';
import type { OrtModule } from '../../engine/encoder';

export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.jsep.wasm';

export function configureOrt(wasmUrl: string): OrtModule {
  ort.env.wasm.wasmPaths = { wasm: wasmUrl };
  // Threads need SharedArrayBuffer, which needs cross-origin isolation; without it onnxruntime-web would
  // warn and fall back to one thread anyway.
  ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  return ort;
}
