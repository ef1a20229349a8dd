// onnxruntime-web's files the extension ships in its ort/ folder: the build copies them out of the package
// (build/extension.ts) and the engine host points the runtime at them (ort.ts). Names only, so that the
// build reads them without loading onnxruntime.
export const ORT_WASM_FILE = 'ort-wasm-simd-threaded.jsep.wasm';
/** The runtime's module as its own file, for the worker of each WASM thread: only Chrome's cross-origin isolated offscreen document has threads. */
export const ORT_MODULE_FILE = 'ort-wasm-simd-threaded.jsep.mjs';
