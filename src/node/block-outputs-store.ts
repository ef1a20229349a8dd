// A pinned transformers.js export, after its hash check, rewritten to output every block's class token
// and the pooled token (engine/onnx/add-block-outputs.ts). The derived encoder is stored beside its source
// as `<file>-blocks.onnx` with its entry, which records the source's id and SHA-256: it is used only
// while the registry still pins exactly those source bytes.
import { createHash } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { addBlockOutputs, RewriteError } from '../engine/onnx/add-block-outputs';
import type { FeatureSource, ModelEntry } from '../engine/types';
import { openFileSource } from './file-byte-source';
import { BLOCKS_SUFFIX, ModelStoreError, type ModelStore, type ResolvedModel } from './model-store';

export type DerivedEntry = ModelEntry & { derivedFrom: { id: string; sha256: string; rewrite: 'add-block-outputs' } };

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
  const features: Record<string, FeatureSource> = { ...source.entry.features, pooled: { output: 'pooled', dim: result.width } };
  for (let i = 1; i <= result.layers; i++) features[`block${i}`] = { output: 'class_tokens', select: i - 1, dim: result.width };
  // Made here, not downloaded: the source's address and revision stay with the source's entry.
  const rest: ModelEntry = { ...source.entry };
  delete rest.url;
  delete rest.revision;
  const entry: DerivedEntry = {
    ...rest,
    id: `${id}${BLOCKS_SUFFIX}`,
    name: `${source.entry.name}, with every block's class token`,
    file: basename(paths.onnx),
    bytes: result.bytes,
    sha256: hash.digest('hex'),
    features,
    derivedFrom: { id, sha256: source.entry.sha256, rewrite: 'add-block-outputs' },
  };
  await writeFile(paths.json, `${JSON.stringify(entry, null, 2)}\n`);
  return { entry, path: paths.onnx };
}
