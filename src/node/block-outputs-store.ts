// A pinned transformers.js export, after its hash check, rewritten to output every block's class token
// and the pooled token (engine/onnx/add-block-outputs.ts). The derived encoder is stored beside its source
// as `<file>-blocks.onnx` with its entry, which records the source's id and SHA-256: it is used only
// while the registry still pins exactly those source bytes.
import { createHash } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { addBlockOutputs, RewriteError } from '../engine/onnx/add-block-outputs';
import { blocksEntry, type DerivedEntry } from '../engine/convert/converted-entry';
import { openFileSource } from './file-byte-source';
import { ModelStoreError, type ModelStore, type ResolvedModel } from './model-store';

export async function addBlockOutputsToInstalled(store: ModelStore, id: string): Promise<ResolvedModel & { entry: DerivedEntry }> {
  // resolveModel checks the installed file's size and SHA-256 against its pin first.
  const source = await store.resolveModel(id);
  if (source.entry.features.pooled) throw new ModelStoreError(`${id} already outputs the pooled token and the blocks' class tokens`);
  const paths = store.blocksPaths(source.entry);
  const input = await openFileSource(source.path);
  const part = `${paths.onnx}.part`;
  const out = await open(part, 'w');
  const hash = createHash('sha256');
  let result;
  try {
    result = await addBlockOutputs(input, async (chunk) => {
      hash.update(chunk);
      await out.write(chunk);
    });
  } catch (err) {
    await out.close();
    await rm(part, { force: true });
    if (err instanceof RewriteError) throw new ModelStoreError(`cannot add block outputs to ${id}: ${err.message}`);
    throw err;
  } finally {
    await input.close();
  }
  await out.close();
  await rename(part, paths.onnx);
  const entry = blocksEntry(source.entry, { layers: result.layers, width: result.width, bytes: result.bytes, sha256: hash.digest('hex'), file: basename(paths.onnx) });
  await writeFile(paths.json, `${JSON.stringify(entry, null, 2)}\n`);
  return { entry, path: paths.onnx };
}
