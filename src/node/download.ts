// Downloads one pinned file: streamed to `<dest>.part`, resumed with an HTTP Range request after a
// dropped connection or in a later run, hashed while it streams, and renamed into place only when its
// size and SHA-256 are the pinned ones. A file that fails the check is deleted, never kept.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseContentRange } from '../engine/models/content-range';

export interface DownloadProgress {
  /** Bytes of the file on disk so far (resumed bytes included). Goes back to 0 when a download restarts. */
  received: number;
  total: number;
}

export interface DownloadOptions {
  url: string;
  /** Final path; the partial file is `${dest}.part`. */
  dest: string;
  bytes: number;
  sha256: string;
  onProgress?: (progress: DownloadProgress) => void;
  /** Failed attempts in a row (no byte gained) tolerated before giving up; default 5. */
  retries?: number;
  /** First pause before a retry, doubled each time (capped at 30 s); default 1000 ms. */
  retryDelayMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** A failure worth another attempt (dropped connection, short body, server hiccup). */
class Transient extends Error {}

interface State {
  part: string;
  hash: Hash;
  /** Bytes of `part` already folded into `hash`: equal to the part's size between attempts. */
  have: number;
  /** Bytes received by the current attempt. */
  gained: number;
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

async function restart(state: State): Promise<void> {
  await rm(state.part, { force: true });
  state.hash = createHash('sha256');
  state.have = 0;
}

async function writeAll(fh: FileHandle, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length; ) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}

/**
 * One request. Returns normally when the body ended (complete or not); throws Transient for what a
 * retry may fix and DownloadError for what it will not (404, a file of the wrong size).
 */
async function attempt(opts: DownloadOptions, state: State): Promise<void> {
  const start = state.have;
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (start > 0) headers.range = `bytes=${start}-`;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(opts.url, { headers, signal: opts.signal, redirect: 'follow' });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new Transient(`cannot reach ${opts.url}: ${describe(err)}`);
  }
  let append = false;
  if (res.status === 206 && start > 0) {
    const range = parseContentRange(res.headers.get('content-range'));
    if (range && !Number.isNaN(range.total) && range.total !== opts.bytes) {
      await res.body?.cancel();
      throw new DownloadError(`the server's file has ${range.total} bytes, not the pinned ${opts.bytes}`);
    }
    if (!range || range.start !== start) {
      // Not the range asked for: start over rather than splice bytes at the wrong offset.
      await res.body?.cancel();
      await restart(state);
      throw new Transient(`the server answered a different range (${res.headers.get('content-range') ?? 'none'})`);
    }
    append = true;
  } else if (res.status === 416 && start > 0) {
    // The partial file does not fit the server's file: it is not a prefix of it. Start again.
    await res.body?.cancel();
    await restart(state);
    return;
  } else if (res.status === 200) {
    // A server that ignores Range sends the whole file again: overwrite the partial one.
    const length = res.headers.get('content-length');
    if (length !== null && Number(length) !== opts.bytes) {
      await res.body?.cancel();
      throw new DownloadError(`the server's file has ${length} bytes, not the pinned ${opts.bytes}`);
    }
    if (start > 0) await restart(state);
  } else {
    await res.body?.cancel();
    const message = `the server answered ${res.status} ${res.statusText} for ${opts.url}`;
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new Transient(message);
    throw new DownloadError(message);
  }
  if (!res.body) throw new Transient('the server sent no body');

  const fh = await open(state.part, append ? 'a' : 'w');
  try {
    const reader = res.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        throw new Transient(`the connection dropped: ${describe(err)}`);
      }
      if (chunk.done) return;
      if (state.have + chunk.value.length > opts.bytes) {
        await reader.cancel();
        await restart(state);
        throw new DownloadError(`the server sent more than the pinned ${opts.bytes} bytes`);
      }
      await writeAll(fh, chunk.value);
      state.hash.update(chunk.value);
      state.have += chunk.value.length;
      state.gained += chunk.value.length;
      opts.onProgress?.({ received: state.have, total: opts.bytes });
    }
  } finally {
    await fh.close();
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${err.message}${cause}`;
}

/** Downloads `url` to `dest`, resuming from `${dest}.part` if one is there. See the file comment. */
export async function downloadVerified(opts: DownloadOptions): Promise<void> {
  const retries = opts.retries ?? 5;
  const baseDelay = opts.retryDelayMs ?? 1000;
  const part = `${opts.dest}.part`;
  let have = await sizeOf(part);
  if (have > opts.bytes) {
    await rm(part, { force: true });
    have = 0;
  }
  const state: State = { part, hash: await hashPrefix(part, have), have, gained: 0 };
  opts.onProgress?.({ received: state.have, total: opts.bytes });

  let failures = 0;
  while (state.have < opts.bytes) {
    state.gained = 0;
    const before = state.have;
    let problem: string;
    try {
      await attempt(opts, state);
      if (state.have === opts.bytes) break;
      // A 416 discarded a partial file that was not a prefix of the server's: go again from 0 at once.
      if (state.have === 0 && before > 0) continue;
      problem = 'the server closed the connection early';
    } catch (err) {
      if (!(err instanceof Transient)) throw err;
      problem = err.message;
    }
    // Progress resets the count: a slow, flaky link still gets there, a dead one gives up soon.
    failures = state.gained > 0 ? 1 : failures + 1;
    if (failures > retries) {
      const kept = state.have > 0 ? `; run it again to resume from the ${state.have} bytes already fetched` : '';
      throw new DownloadError(`download failed after ${failures} attempts in a row: ${problem}${kept}`);
    }
    opts.onProgress?.({ received: state.have, total: opts.bytes });
    await sleep(Math.min(baseDelay * 2 ** (failures - 1), 30_000), undefined, { signal: opts.signal });
  }

  const size = await sizeOf(part);
  const digest = state.hash.digest('hex');
  if (size !== opts.bytes || digest !== opts.sha256.toLowerCase()) {
    await rm(part, { force: true });
    throw new DownloadError(
      `the downloaded file does not match its pin (${size} bytes, SHA-256 ${digest}; expected ${opts.bytes} bytes, ` +
        `SHA-256 ${opts.sha256}). It was deleted and not used.`,
    );
  }
  await rename(part, opts.dest);
}
