// `models rewrite` in the engine host: an installed transformers.js export, after its bytes are hashed
// again against the registry's pin, gains `pooled` and `class_tokens` (engine/onnx/add-block-outputs.ts,
// the command line's code). The stored export is hashed and read from its Blob a range at a time, so only
// the new encoder is held whole. The result is installed as `<id>-blocks`, its entry bound to the source's id
// and SHA-256 and carrying its own.
import registryJson from '../../../models/registry.json';
import { blobSource } from '../../engine/checkpoint';
import { blocksEntry } from '../../engine/convert/converted-entry';
import { sha256OfBlob } from '../../engine/hash';
import { findModel, parseRegistry } from '../../engine/models/registry';
import { addBlockOutputs, RewriteError } from '../../engine/onnx/add-block-outputs';
import { db } from '../shared/db';
import { installHashed } from '../shared/model-store';
import type { InstalledEncoder } from '../shared/protocol';
import { HeldOutput } from './held-output';

export async function rewriteInstalled(id: string): Promise<InstalledEncoder> {
  const row = await db().models.get(id);
  if (!row) throw new Error(`encoder ${id} is not installed`);
  // The registry's pin, or in test builds a test encoder's own entry (test models are pinned by their build).
  const pin = findModel(parseRegistry(registryJson, 'models/registry.json'), id) ?? (__ORIGINLENS_TEST_BUILD__ && row.entry.test ? row.entry : undefined);
  if (!pin) throw new Error(`${id} is not an export the registry pins, so it is not rewritten`);
  if (row.entry.features.pooled) throw new Error(`${id} already outputs the pooled token and the blocks' class tokens`);
  const hash = await sha256OfBlob(row.bytes);
  if (hash !== pin.sha256 || row.bytes.size !== pin.bytes) throw new Error(`the stored ${id} is not the pinned file (SHA-256 ${hash}); remove it and install it again`);
  const out = new HeldOutput();
  let made;
  try {
    made = await addBlockOutputs(blobSource(row.bytes), out.sink, undefined, out.size);
  } catch (error) {
    if (error instanceof RewriteError) throw new Error(`cannot add block outputs to ${id}: ${error.message}`, { cause: error });
    throw error;
  }
  const { bytes, sha256 } = out.finish();
  const entry = blocksEntry(pin, { layers: made.layers, width: made.width, bytes: made.bytes, sha256, file: pin.file.replace(/\.onnx$/i, '') + '-blocks.onnx' });
  await installHashed(entry, { file: bytes, sha256 });
  return { id: entry.id, name: entry.name, bytes: entry.bytes, sha256: entry.sha256, test: entry.test, installedAt: Date.now() };
}
