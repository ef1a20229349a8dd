// The WebP decoder is libwebp compiled to WebAssembly (@jsquash/webp); its .wasm comes from the loader
// the caller sets (see wasm-source.ts).
import { init } from '@jsquash/webp/decode.js';
import { WasmSlot, type EmscriptenOptions, type WasmLoader } from './wasm-source';

// @jsquash/webp passes these options through to Emscripten; its own typings leave `wasmBinary` out.
const slot = new WasmSlot(init as (options: EmscriptenOptions) => Promise<void>);

/** Sets where the WebP decoder's .wasm comes from (src/node/codec-wasm.ts in Node). */
export function setWebpWasmLoader(next: WasmLoader | undefined): void {
  slot.setLoader(next);
}

/** Resolves once the decoder is usable; a failure is not cached, so a later call tries again. */
export function webpDecoderReady(): Promise<void> {
  return slot.get();
}
