// Converting a checkpoint file on disk: the engine reads it through a file handle and streams the ONNX
// encoder to disk, hashed as it is written, so neither file is ever held whole; then the ModelEntry that
// describes the encoder is written beside it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { openCheckpoint } from '../engine/checkpoint';
import { convertClip, planConversion, type Converted, type ConvertOptions } from '../engine/convert/convert-clip';
import { convertedEntry, type ConvertedEntry } from '../engine/convert/converted-entry';
import { openFileSource } from './file-byte-source';
import { sha256File } from './file-hash';

export interface ConvertFileOptions extends Omit<ConvertOptions, 'what' | 'sha256' | 'config'> {
  out: string;
  id?: string;
  /** The registry conversion whose pinned source this file is (`models install`); absent for `models convert`. */
  pinnedBy?: string;
  /** Told before the weights are written: what was read and chosen, and why. */
  onPlan?(plan: Omit<Converted, 'bytes' | 'parameters'>): void;
}

export interface ConvertedFile extends Converted {
  entry: ConvertedEntry;
  entryPath: string;
}

/** transformers keeps its settings in config.json beside the weights. */
function configBeside(file: string): unknown {
  const path = join(dirname(file), 'config.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function convertCheckpointFile(file: string, options: ConvertFileOptions): Promise<ConvertedFile> {
  const sha256 = await sha256File(file);
  const source = await openFileSource(file);
  const partial = `${options.out}.part`;
  try {
    const checkpoint = await openCheckpoint(source, 'the file');
    const convertOptions: ConvertOptions = { ...options, sha256, config: configBeside(file), what: 'the file' };
    options.onPlan?.(planConversion(checkpoint, convertOptions));
    const out = await open(partial, 'w');
    const hash = createHash('sha256');
    let converted: Converted;
    try {
      converted = await convertClip(checkpoint, convertOptions, async (chunk) => {
        hash.update(chunk);
        await out.write(chunk);
      });
    } finally {
      await out.close();
    }
    await rename(partial, options.out);
    const entry = convertedEntry({
      converted,
      sha256: hash.digest('hex'),
      source: { file: basename(file), sha256 },
      weights: options.weights,
      file: basename(options.out),
      id: options.id,
      pinnedBy: options.pinnedBy,
    });
    const entryPath = options.out.replace(/\.onnx$/i, '') + '.json';
    await writeFile(entryPath, `${JSON.stringify(entry, null, 2)}\n`);
    return { ...converted, entry, entryPath };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await source.close();
  }
}
