// The command line's model download: the resumable core both hosts share (engine/models/resumable-download.ts)
// with a file as its store. The bytes go to `<dest>.part`, hashed as they are written (a partial file left
// by an earlier run is hashed once, then resumed), and the file is renamed into place only when its size
// and SHA-256 are the pinned ones; one that fails the check is deleted, never kept.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, rename, rm, stat } from 'node:fs/promises';
import { resumableDownload, type PartStore } from '../engine/models/resumable-download';

export { DownloadError } from '../engine/models/resumable-download';

export interface DownloadProgress {
  /** Bytes of the file on disk so far (resumed bytes included). Goes back to 0 when a download restarts. */
  received: number;
  total: number;
}

export interface DownloadOptions {
  url: string;
  /** Final path; the partial file is `${dest}.part`. */
  dest: string;
  /** Absent for files pinned by SHA-256 alone (the engine's core says how that is checked). */
  bytes?: number;
  sha256: string;
  onProgress?: (progress: DownloadProgress) => void;
  /** Failed attempts in a row (no byte gained) tolerated before giving up; default 5. */
  retries?: number;
  /** First pause before a retry, doubled each time (capped at 30 s); default 1000 ms. */
  retryDelayMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
}

/** Hashes the first `length` bytes of a partial file left by an earlier run. */
async function hashPrefix(path: string, length: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (length === 0) return hash;
  for await (const chunk of createReadStream(path, { end: length - 1 })) hash.update(chunk as Buffer);
  return hash;
}

/** `part` as the core's store: appended to, hashed as it grows, so that finishing reads nothing back. */
export async function filePartStore(part: string): Promise<PartStore> {
  let kept = await sizeOf(part);
  let hash = await hashPrefix(part, kept);
  return {
    size: async () => kept,
    append: async (offset, bytes) => {
      if (offset !== kept) throw new Error(`${part} holds ${kept} bytes, not ${offset}`);
      await appendFile(part, bytes);
      hash.update(bytes);
      kept += bytes.byteLength;
    },
    complete: async () => ({ sha256: hash.digest('hex'), file: undefined }),
    clear: async () => {
      await rm(part, { force: true });
      hash = createHash('sha256');
      kept = 0;
    },
  };
}

/** Downloads `url` to `dest`, resuming from `${dest}.part` if one is there. See the file comment. */
export async function downloadVerified(opts: DownloadOptions): Promise<void> {
  const part = `${opts.dest}.part`;
  const { onProgress } = opts;
  await resumableDownload({
    url: opts.url,
    bytes: opts.bytes,
    sha256: opts.sha256,
    store: await filePartStore(part),
    headers: { 'accept-encoding': 'identity' },
    onProgress: onProgress && ((received, total) => onProgress({ received, total })),
    retries: opts.retries,
    retryDelayMs: opts.retryDelayMs,
    signal: opts.signal,
    fetch: opts.fetch,
  });
  await rename(part, opts.dest);
}
