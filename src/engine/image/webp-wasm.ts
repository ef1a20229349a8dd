// The WebP decoder is libwebp compiled to WebAssembly (@jsquash/webp). Where its .wasm comes from is the
// one thing that differs between environments: Node reads it from node_modules, an extension page loads
// it from the extension's own URL (MV3 allows no remote code). The caller injects that here; the
// decoding itself is the same code everywhere.
import { init } from '@jsquash/webp/decode.js';

/** The decoder's .wasm as bytes, or a URL to fetch it from. */
export type WebpWasmSource = { bytes: Uint8Array } | { url: string };
export type WebpWasmLoader = () => Promise<WebpWasmSource>;

// The options @jsquash/webp passes through to Emscripten; its own typings leave `wasmBinary` out.
type EmscriptenOptions = { wasmBinary?: ArrayBuffer; locateFile?: (path: string) => string };
const initWithOptions = init as (options: EmscriptenOptions) => Promise<void>;

let loader: WebpWasmLoader | undefined;
let ready: Promise<void> | undefined;

/**
 * Sets where the WebP decoder's .wasm comes from. Without a loader, @jsquash/webp fetches
 * `webp_dec.wasm` next to its own script, which works in a browser bundle that ships the file beside
 * the script and never in Node (see src/node/webp-wasm.ts).
 */
export function setWebpWasmLoader(next: WebpWasmLoader | undefined): void {
  if (next === loader) return; // already in use: keep the initialised decoder
  loader = next;
  ready = undefined;
}

async function initialise(): Promise<void> {
  if (!loader) {
    await initWithOptions({});
    return;
  }
  const source = await loader();
  if ('url' in source) {
    await initWithOptions({ locateFile: () => source.url });
  } else {
    // Emscripten instantiates from these bytes asynchronously (a synchronous WebAssembly.Module of this
    // size is refused on a browser's main thread).
    const copy = new Uint8Array(source.bytes.byteLength);
    copy.set(source.bytes);
    await initWithOptions({ wasmBinary: copy.buffer });
  }
}

/** Resolves once the decoder is usable; a failure is not cached, so a later call tries again. */
export function webpDecoderReady(): Promise<void> {
  ready ??= initialise().catch((err: unknown) => {
    ready = undefined;
    throw err;
  });
  return ready;
}
