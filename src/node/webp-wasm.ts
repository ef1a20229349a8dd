// Hands the WebP decoder its .wasm from node_modules.
// The browser's engine host calls setWebpWasmLoader with the extension's own URL instead.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setWebpWasmLoader, type WebpWasmSource } from '../engine/image/webp-wasm';

async function fromNodeModules(): Promise<WebpWasmSource> {
  const path = createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
  return { bytes: new Uint8Array(await readFile(path)) };
}

/** Makes decodeImage able to decode WebP in Node. Cheap to call again: the decoder is set up once. */
export function useNodeWebpWasm(): void {
  setWebpWasmLoader(fromNodeModules);
}
