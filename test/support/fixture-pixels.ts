// The committed fixture images, decoded and preprocessed by the engine as the command line does: inputs
// for encoder checks that should see real pictures rather than noise. Node only.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage } from '../../src/engine/image/decode';
import { preprocess } from '../../src/engine/preprocess';
import { ImageError, type InputSpec } from '../../src/engine/types';
import { useNodeCodecWasm } from '../../src/node/codec-wasm';

const folder = fileURLToPath(new URL('../fixtures/images/', import.meta.url));

/** Every fixture the engine decodes (a few exist to be refused, e.g. arithmetic-coded JPEG), by name. */
export async function fixturePixels(spec: InputSpec): Promise<Map<string, Float32Array>> {
  useNodeCodecWasm();
  const out = new Map<string, Float32Array>();
  for (const name of readdirSync(folder).sort()) {
    try {
      out.set(name, preprocess(await decodeImage(new Uint8Array(readFileSync(`${folder}${name}`))), spec));
    } catch (err) {
      if (!(err instanceof ImageError)) throw err;
    }
  }
  return out;
}
