// Compiles src/engine/image/resample.wat (the resampler's two passes in WebAssembly) to
// src/engine/image/resample-wasm.ts, a module exporting its bytes, so that the TypeScript sources and
// the esbuild bundles load it the same way with nothing to fetch. Both files are checked in; a test
// fails when they disagree. After editing the .wat:
//   npx tsx build/make-resample-wasm.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const WAT_PATH = 'src/engine/image/resample.wat';
export const TS_PATH = 'src/engine/image/resample-wasm.ts';

/** The .wat's module as bytes (with 128-bit SIMD). */
export async function compileWat(text: string): Promise<Uint8Array> {
  const module = (await wabt()).parseWat(WAT_PATH, text, { simd: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** The source of resample-wasm.ts for these bytes. */
export function wasmModuleSource(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 24) lines.push(`  ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
  return [
    `// Generated from resample.wat by build/make-resample-wasm.ts: do not edit.`,
    `export const RESAMPLE_WASM = new Uint8Array([`,
    ...lines,
    `]);`,
    ``,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await compileWat(readFileSync(WAT_PATH, 'utf8'));
  writeFileSync(TS_PATH, wasmModuleSource(bytes));
  console.log(`${TS_PATH}: ${bytes.length} bytes of WebAssembly`);
}
