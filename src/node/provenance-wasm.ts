// Hands the Content Credentials reader its .wasm from node_modules (the extension's engine host points it
// at the extension's own copy instead: engine-host/start.ts).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setC2paWasmLoader } from '../engine/provenance/c2pa-reader';
import type { WasmSource } from '../engine/image/wasm-source';

const c2pa = async (): Promise<WasmSource> => ({ bytes: new Uint8Array(await readFile(createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm'))) });

/** Makes readProvenance able to read Content Credentials in Node. Cheap to call again. */
export function useNodeProvenanceWasm(): void {
  setC2paWasmLoader(c2pa);
}
