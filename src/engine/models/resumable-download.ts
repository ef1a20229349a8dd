// A pinned file downloaded so that no byte is fetched twice, for both hosts: what arrives is kept in a
// store that outlives the run (the extension's IndexedDB pieces, extension/shared/download-store.ts; the
// command line's `.part` file, node/download.ts), a dropped connection is resumed with `Range: bytes=N-`
// after a pause that doubles, and a later run starts from what the store holds. The file is handed over
// only when its size and SHA-256 are the pinned ones; one that is not is deleted from the store, never
// kept. The logic knows nothing of the store's kind, so it is tested in Node.
import { parseContentRange } from './content-range';

/** Where the received bytes live between attempts and between runs; `F` is what a finished download hands over. */
export interface PartStore<F = void> {
  /** Bytes kept so far: always a prefix of the file. */
  size(): Promise<number>;
  /** Appends bytes at `offset`, which must be size(). */
  append(offset: number, bytes: Uint8Array): Promise<void>;
  /** Once every byte is kept: their SHA-256 (lower-case hex), and the file as the host takes it. */
  complete(): Promise<{ sha256: string; file: F }>;
  clear(): Promise<void>;
}

export interface ResumableOptions<F = void> {
  url: string;
  /**
   * The pinned size, where it is known. Some files are pinned by their SHA-256 alone (OpenAI publishes its
   * checkpoints' hashes, not their sizes): then the size is taken from the server's first answer and held
   * to for the rest of the download, the hash alone decides, and nothing past `maxBytes` is accepted.
   */
  bytes?: number;
  /** Without `bytes`: the most a download may bring (default 4 GiB). */
  maxBytes?: number;
  sha256: string;
  store: PartStore<F>;
  /** Request headers of the host's own (Node asks for identity encoding, so that byte offsets are the file's). */
  headers?: Record<string, string>;
  /** Bytes received so far (kept or about to be) out of the total. */
  onProgress?: (received: number, total: number) => void;
  /** Failed attempts in a row (no byte gained) tolerated before giving up; default 5. */
  retries?: number;
  /** First pause before a retry, doubled each time (capped at 30 s); default 1000 ms. */
  retryDelayMs?: number;
  /** Received bytes are written once this many wait (default 1 MiB)… */
  flushBytes?: number;
  /** …or once the first of them has waited this long (default 500 ms), so a stalled link loses nothing. */
  flushMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** The bytes were wrong (another file, too many bytes): they are deleted and the download must start afresh. */
export class RefusedDownload extends DownloadError {
  override name = 'RefusedDownload';
}

/** A failure worth another attempt (dropped connection, short body, server hiccup). */
class Transient extends Error {}

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e6 ? 2 : 1)} MB`;

/** Batches received chunks into pieces for the store: one write per piece, in order, errors kept for the reader. */
class PieceWriter {
  private waiting: Uint8Array[] = [];
  private waitingBytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly store: Pick<PartStore<unknown>, 'append'>,
    private offset: number,
    private readonly flushBytes: number,
    private readonly flushMs: number,
  ) {}

  /** Takes a chunk; waits for the store only when a full piece is due (the network then waits for the disk). */
  async add(chunk: Uint8Array): Promise<void> {
    this.check();
    this.waiting.push(chunk);
    this.waitingBytes += chunk.byteLength;
    if (this.waitingBytes >= this.flushBytes) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushMs);
  }

  /** Writes what waits; resolves when every piece so far is stored, rejects with the first write's error. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waitingBytes > 0) {
      const piece = new Uint8Array(this.waitingBytes);
      let at = 0;
      for (const chunk of this.waiting) {
        piece.set(chunk, at);
        at += chunk.byteLength;
      }
      const offset = this.offset;
      this.offset += piece.byteLength;
      this.waiting = [];
      this.waitingBytes = 0;
      this.writes = this.writes.then(() => this.store.append(offset, piece)).catch((error: unknown) => {
        this.failure ??= error;
      });
    }
    await this.writes;
    this.check();
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

interface Attempt {
  /** Bytes of the file received, kept or about to be. */
  have: number;
  /** Bytes this attempt received. */
  gained: number;
  /** The file's size: pinned, or as the server first said it; undefined until known. */
  total: number | undefined;
}

/**
 * One request, from `state.have`. Returns when the body ended (complete or not); throws Transient for what
 * a retry may fix and DownloadError for what it will not (404, a file of the wrong size, too many bytes).
 */
async function attempt<F>(opts: ResumableOptions<F>, state: Attempt): Promise<void> {
  const start = state.have;
  // no-store: the browser's HTTP cache would keep a second copy of a file of tens of megabytes.
  const init: RequestInit = { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: opts.signal };
  init.headers = { ...opts.headers, ...(start > 0 ? { range: `bytes=${start}-` } : {}) };
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(opts.url, init);
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    throw new Transient(`the server could not be reached (${describe(error)})`);
  }
  const refuse = async (error: Error) => {
    await res.body?.cancel().catch(() => undefined);
    throw error;
  };
  if (res.status === 206 && start > 0) {
    const range = parseContentRange(res.headers.get('content-range'));
    if (range && !Number.isNaN(range.total)) {
      if (state.total === undefined && range.total <= limit(opts)) state.total = range.total;
      if (range.total !== state.total) await refuse(new DownloadError(`the server's file has ${range.total} bytes, not the ${pinned(opts, state)}`));
    }
    if (!range || range.start !== start) {
      // Not the range asked for: start over rather than splice bytes at the wrong offset.
      await opts.store.clear();
      state.have = 0;
      await refuse(new Transient(`the server answered another range (${res.headers.get('content-range') ?? 'none'}); starting again`));
    }
  } else if (res.status === 416 && start > 0) {
    // What is kept does not fit the server's file (it changed, or the store holds something else): start
    // again at once, which is no failed attempt (the next request asks for no range, so cannot get a 416).
    await res.body?.cancel().catch(() => undefined);
    await opts.store.clear();
    state.have = 0;
    return;
  } else if (res.status === 200) {
    // A server that ignores Range sends the whole file again: what was kept is replaced.
    const length = res.headers.get('content-length');
    if (length !== null && state.total === undefined && Number(length) <= limit(opts)) state.total = Number(length);
    if (length !== null && Number(length) !== state.total) await refuse(new DownloadError(`the server's file has ${length} bytes, not the ${pinned(opts, state)}`));
    if (start > 0) {
      await opts.store.clear();
      state.have = 0;
    }
  } else {
    const text = `the server answered ${res.status} ${res.statusText}`.trim();
    await refuse(res.status >= 500 || res.status === 429 || res.status === 408 ? new Transient(text) : new DownloadError(text));
  }
  if (!res.body) throw new Transient('the server sent no body');

  const writer = new PieceWriter(opts.store, state.have, opts.flushBytes ?? 1 << 20, opts.flushMs ?? 500);
  const reader = res.body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (opts.signal?.aborted) throw error;
        throw new Transient(`the connection dropped (${describe(error)})`);
      }
      if (chunk.done) return;
      if (state.have + chunk.value.byteLength > (state.total ?? limit(opts))) {
        await reader.cancel().catch(() => undefined);
        await writer.flush().catch(() => undefined);
        await opts.store.clear();
        state.have = 0;
        throw new RefusedDownload(`the server sent more than the ${pinned(opts, state)}; what it sent was deleted`);
      }
      await writer.add(chunk.value);
      state.have += chunk.value.byteLength;
      state.gained += chunk.value.byteLength;
      opts.onProgress?.(state.have, state.total ?? NaN);
    }
  } finally {
    // Every byte received is kept, whatever ended the attempt: the next one asks for what follows.
    await writer.flush();
  }
}

function limit(opts: ResumableOptions<unknown>): number {
  return opts.bytes ?? opts.maxBytes ?? 4 * 2 ** 30;
}

function pinned(opts: ResumableOptions<unknown>, state: Attempt): string {
  return opts.bytes !== undefined ? `pinned ${opts.bytes} bytes` : state.total !== undefined ? `${state.total} bytes it announced first` : `${limit(opts)} bytes allowed`;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Downloads `url` into `store`, from what it holds already; answers the whole file once it is the pinned one. */
export async function resumableDownload<F>(opts: ResumableOptions<F>): Promise<F> {
  const retries = opts.retries ?? 5;
  const baseDelay = opts.retryDelayMs ?? 1000;
  const state: Attempt = { have: await opts.store.size(), gained: 0, total: opts.bytes };
  if (state.have > limit(opts)) {
    await opts.store.clear();
    state.have = 0;
  }
  opts.onProgress?.(state.have, state.total ?? NaN);

  let failures = 0;
  while (state.total === undefined || state.have < state.total) {
    state.gained = 0;
    const before = state.have;
    let problem: string;
    try {
      await attempt(opts, state);
      if (state.have === state.total) break;
      // A server that never says the size: the body's end is the file's end, and the hash will tell.
      if (state.total === undefined && state.have > before) break;
      // A 416 discarded kept bytes that were not a prefix of the server's file: go again from 0 at once.
      if (state.have === 0 && before > 0) continue;
      problem = 'the server closed the connection early';
    } catch (error) {
      if (!(error instanceof Transient)) throw error;
      problem = error.message;
    }
    // Progress resets the count: a slow, flaky link still gets there, a dead one gives up soon.
    failures = state.gained > 0 ? 1 : failures + 1;
    if (failures > retries) {
      const kept = state.have > 0 ? `; the ${mb(state.have)} received are kept and the download resumes from there` : '';
      throw new DownloadError(`the download stopped after ${failures} attempts in a row: ${problem}${kept}`);
    }
    await pause(Math.min(baseDelay * 2 ** (failures - 1), 30_000), opts.signal);
  }

  const size = await opts.store.size();
  const { sha256: digest, file } = await opts.store.complete();
  if ((opts.bytes !== undefined && size !== opts.bytes) || digest !== opts.sha256.toLowerCase()) {
    await opts.store.clear();
    const expected = opts.bytes !== undefined ? `${opts.bytes} bytes, SHA-256 ${opts.sha256}` : `SHA-256 ${opts.sha256}`;
    throw new RefusedDownload(
      `the downloaded file is not the pinned one (${size} bytes, SHA-256 ${digest}; expected ${expected}). ` +
        'It was deleted and not installed; a new download starts from the beginning.',
    );
  }
  return file;
}
