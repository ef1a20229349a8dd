// Files to features for the command line: read, hash, look up the disk cache, decode and preprocess the
// misses, encode them in batches. Decoding and preprocessing run in a pool of worker threads
// (decode-pool.ts), a few batches ahead, while onnxruntime encodes the current batch: the two overlap on
// different cores, and this thread only reads, hashes and hands out work.
import { readFile, stat } from 'node:fs/promises';
import type { Encoder } from '../engine/encoder';
import { sha256Hex } from '../engine/hash';
import { readProvenance } from '../engine/provenance/read-provenance';
import type { Provenance } from '../engine/provenance/types';
import { ImageError, type FeatureSet, type InputSpec } from '../engine/types';
import type { ImageItem } from './dataset';
import { DecodePool } from './decode-pool';
import type { FeatureCache } from './feature-cache';

/** Files larger than this are refused before being read: no image a person attributes is this big. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface ExtractedImage {
  item: ImageItem;
  sha256?: string;
  features?: FeatureSet;
  /** What the file declares about its origin, when asked for (ExtractOptions.provenance). */
  provenance?: Provenance;
  /** Why there are no features, in words a person can act on. */
  error?: string;
  /** Read, hash, decode, preprocess and this image's share of its batch's encoding, in milliseconds. */
  ms: number;
  cached: boolean;
}

export interface ExtractOptions {
  encoder: Encoder;
  cache?: FeatureCache;
  batchSize?: number;
  maxPixels?: number;
  /** Decoding threads (default: decode-pool.ts's). The pool lives as long as the extraction. */
  decodeThreads?: number;
  /**
   * A pool the caller started and will close (decodeThreads is then unused): the command line starts its
   * workers before it loads the encoder, so that their start-up overlaps that.
   */
  pool?: DecodePool;
  /** Also read what each file declares about its origin (attribute does, training does not). */
  provenance?: boolean;
  /** How images are prepared, where the heads want it otherwise than the encoder (engine/head/heads-input.ts). */
  input?: InputSpec;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EISDIR: 'is a folder, not a file',
};

export async function readImageFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ImageError(FILE_ERRORS.EISDIR!);
    if (info.size > MAX_FILE_BYTES) {
      throw new ImageError(`file too large: ${(info.size / 2 ** 20).toFixed(0)} MiB (limit ${MAX_FILE_BYTES / 2 ** 20} MiB)`);
    }
    return new Uint8Array(await readFile(path));
  } catch (err) {
    if (err instanceof ImageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? '';
    throw new ImageError(`cannot read file: ${FILE_ERRORS[code] ?? (err as Error).message}`);
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof ImageError) return err.message;
  return `could not decode the image: ${err instanceof Error ? err.message : String(err)}`;
}

interface Prepared {
  result: ExtractedImage;
  pixels?: Float32Array;
  started: number;
}

async function prepare(item: ImageItem, options: ExtractOptions, pool: DecodePool): Promise<Prepared> {
  const started = performance.now();
  const result: ExtractedImage = { item, ms: 0, cached: false };
  try {
    const bytes = await readImageFile(item.path);
    result.sha256 = await sha256Hex(bytes);
    // Never an exception: a file's unreadable metadata is itself a finding, and the verdict goes on.
    if (options.provenance) result.provenance = await readProvenance(bytes);
    const cached = await options.cache?.get(result.sha256);
    if (cached) {
      result.features = cached;
      result.cached = true;
      return { result, started };
    }
    return { result, pixels: await pool.preprocess(bytes, options.input ?? options.encoder.entry.input, options.maxPixels), started };
  } catch (err) {
    result.error = reasonOf(err);
    return { result, started };
  }
}

async function encodeBatch(batch: Prepared[], options: ExtractOptions): Promise<ExtractedImage[]> {
  const todo = batch.filter((p) => p.pixels);
  if (todo.length > 0) {
    try {
      const features = await options.encoder.encode(todo.map((p) => p.pixels!));
      await Promise.all(
        todo.map(async (p, i) => {
          p.result.features = features[i]!;
          if (p.result.sha256) await options.cache?.put(p.result.sha256, features[i]!);
        }),
      );
    } catch (err) {
      for (const p of todo) p.result.error = `the encoder failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const finished = performance.now();
  for (const p of batch) p.result.ms = finished - p.started;
  return batch.map((p) => p.result);
}

/**
 * Yields the images batch by batch, in the order given. Errors are results, never exceptions. Up to
 * two batches beyond the one being encoded are read and decoded ahead (bounded, so a long run holds a
 * few batches of tensors, not all of them).
 */
export async function* extractFeatures(items: readonly ImageItem[], options: ExtractOptions): AsyncGenerator<ExtractedImage[]> {
  const batchSize = options.batchSize ?? 8;
  const ahead = 2 * batchSize;
  const pool = options.pool ?? new DecodePool(options.decodeThreads === undefined ? {} : { size: options.decodeThreads });
  const prepared = new Map<number, Promise<Prepared>>();
  let next = 0;
  try {
    for (let start = 0; start < items.length; start += batchSize) {
      const end = Math.min(start + batchSize, items.length);
      for (; next < Math.min(end + ahead, items.length); next++) prepared.set(next, prepare(items[next]!, options, pool));
      const batch: Prepared[] = [];
      for (let i = start; i < end; i++) {
        batch.push(await prepared.get(i)!);
        prepared.delete(i);
      }
      yield await encodeBatch(batch, options);
    }
  } finally {
    if (!options.pool) await pool.close();
  }
}
