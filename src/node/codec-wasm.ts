// Hands the WebAssembly decoders (libwebp, libjpeg-turbo) their .wasm from node_modules, and the PNG
// decoder Node's own zlib. The browser's engine host sets loaders with the extension's own URLs instead,
// and the browser's DecompressionStream for PNG (engine-host/start.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import { setJpegWasmLoader } from '../engine/image/jpeg-wasm';
import { setPngCrc32, setPngInflate, type Crc32 } from '../engine/image/png-native';
import type { WasmSource } from '../engine/image/wasm-source';
import { setWebpWasmLoader } from '../engine/image/webp-wasm';

function fromNodeModules(file: string): () => Promise<WasmSource> {
  return async () => ({ bytes: new Uint8Array(await readFile(createRequire(import.meta.url).resolve(file))) });
}

const webp = fromNodeModules('@jsquash/webp/codec/dec/webp_dec.wasm');
const jpeg = fromNodeModules('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm');

/** zlib.crc32 came with Node 20.15 and 22.2; on an earlier Node the PNG decoder keeps its own. */
const nodeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

/** Makes decodeImage able to decode WebP and JPEG in Node, and PNG faster. Cheap to call again: each decoder is set up once. */
export function useNodeCodecWasm(): void {
  setWebpWasmLoader(webp);
  setJpegWasmLoader(jpeg);
  setPngInflate((stream, maxLength) => zlib.inflateSync(stream, { maxOutputLength: maxLength }));
  setPngCrc32(nodeCrc32);
}
