// The resume logic against a scripted server and a store in memory: drops mid-body, servers that ignore
// Range or refuse it, wrong bytes, dead links, a store that fails, and a later run that starts from the
// kept bytes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { DownloadError, RefusedDownload, resumableDownload, type PartStore, type ResumableOptions } from './resumable-download';
import { sha256Hex } from '../hash';

const FILE = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 31 + 7) % 251);
const SHA = createHash('sha256').update(FILE).digest('hex');

class MemoryStore implements PartStore<Uint8Array> {
  pieces: Uint8Array[] = [];
  failAppends = 0;
  async size() {
    return this.pieces.reduce((n, p) => n + p.byteLength, 0);
  }
  async append(offset: number, bytes: Uint8Array) {
    if (this.failAppends > 0) {
      this.failAppends--;
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    assert.equal(offset, await this.size(), 'pieces are appended in order');
    this.pieces.push(bytes.slice());
  }
  async complete() {
    const out = new Uint8Array(await this.size());
    let at = 0;
    for (const p of this.pieces) {
      out.set(p, at);
      at += p.byteLength;
    }
    return { sha256: await sha256Hex(out), file: out };
  }
  async clear() {
    this.pieces = [];
  }
}

/** One scripted answer: a status, headers, the body's bytes, and whether the connection drops after them. */
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array;
  drop?: boolean;
}

function body(bytes: Uint8Array, drop: boolean): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.byteLength) {
        if (drop) controller.error(new TypeError('network error'));
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + 1000));
      at += 1000;
    },
  });
}

/** A server that answers by a script; `ranges` records the Range header of each request. */
function server(script: (range: string | undefined, n: number) => Answer) {
  const ranges: (string | undefined)[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    const range = (init?.headers as Record<string, string> | undefined)?.range;
    ranges.push(range);
    const a = script(range, ranges.length);
    return new Response(a.body ? body(a.body, a.drop ?? false) : null, { status: a.status, headers: a.headers });
  }) as typeof globalThis.fetch;
  return { fetch, ranges };
}

/** A well-behaved server, optionally dropping the first request's connection after `dropAt` bytes. */
function honest(dropAt?: number) {
  return (range: string | undefined, n: number): Answer => {
    const start = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
    const rest = FILE.slice(start);
    const cut = n === 1 && dropAt !== undefined;
    const headers: Record<string, string> = { 'content-length': String(rest.byteLength) };
    if (start > 0) headers['content-range'] = `bytes ${start}-${FILE.byteLength - 1}/${FILE.byteLength}`;
    return { status: start > 0 ? 206 : 200, headers, body: cut ? rest.slice(0, dropAt) : rest, drop: cut };
  };
}

const options = (store: PartStore<Uint8Array>, fetch: typeof globalThis.fetch, more: Partial<ResumableOptions<Uint8Array>> = {}): ResumableOptions<Uint8Array> => ({
  url: 'https://models.example/enc.onnx',
  bytes: FILE.byteLength,
  sha256: SHA,
  store,
  fetch,
  retryDelayMs: 1,
  flushBytes: 3000,
  flushMs: 5,
  ...more,
});

describe('resumable download', () => {
  test('a connection dropped mid-body is resumed with one Range request from the last byte received', async () => {
    const store = new MemoryStore();
    const s = server(honest(4000));
    const progress: number[] = [];
    const bytes = await resumableDownload(options(store, s.fetch, { onProgress: (r) => progress.push(r) }));
    assert.deepEqual(bytes, FILE);
    assert.deepEqual(s.ranges, [undefined, 'bytes=4000-']);
    assert.equal(progress.at(-1), FILE.byteLength);
    assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]!), 'progress never goes back');
  });

  test('a file pinned by its SHA-256 alone takes its size from the server, resumes, and is held to it', async () => {
    const store = new MemoryStore();
    const s = server(honest(4000));
    const totals: number[] = [];
    const bytes = await resumableDownload(options(store, s.fetch, { bytes: undefined, onProgress: (_r, t) => totals.push(t) }));
    assert.deepEqual(bytes, FILE);
    assert.deepEqual(s.ranges, [undefined, 'bytes=4000-']);
    assert.equal(totals.at(-1), FILE.byteLength);
    // A resumed answer that names another size than the first one is refused.
    const liar = server((range, n) => (n === 1 ? honest(4000)(range, n) : { status: 206, headers: { 'content-range': `bytes 4000-20000/20001` }, body: FILE.slice(4000) }));
    await assert.rejects(resumableDownload(options(new MemoryStore(), liar.fetch, { bytes: undefined })), /20001 bytes, not the 10000 bytes it announced first/);
    // A server that never says the size: the end of the body ends it, the hash decides, and maxBytes caps it.
    const silent = server(() => ({ status: 200, body: FILE }));
    assert.deepEqual(await resumableDownload(options(new MemoryStore(), silent.fetch, { bytes: undefined })), FILE);
    const endless = server(() => ({ status: 200, body: FILE }));
    await assert.rejects(resumableDownload(options(new MemoryStore(), endless.fetch, { bytes: undefined, maxBytes: 5000 })), /more than the 5000 bytes allowed/);
    const wrong = server(() => ({ status: 200, body: FILE.slice(0, 9000) }));
    await assert.rejects(resumableDownload(options(new MemoryStore(), wrong.fetch, { bytes: undefined })), RefusedDownload);
  });

  test('a later run starts from the kept bytes and fetches none of them again', async () => {
    const store = new MemoryStore();
    const first = server(() => ({ status: 200, headers: { 'content-length': String(FILE.byteLength) }, body: FILE.slice(0, 6000), drop: true }));
    // The first run gives up (the server keeps dropping at the same place), keeping what it received.
    await assert.rejects(resumableDownload(options(store, first.fetch, { retries: 0 })), /the 0\.01 MB received are kept/);
    assert.equal(await store.size(), 6000);
    const second = server(honest());
    assert.deepEqual(await resumableDownload(options(store, second.fetch)), FILE);
    assert.deepEqual(second.ranges, ['bytes=6000-']);
  });

  test('bytes that wait for a piece are written after flushMs, so a stalled link loses none of them', async () => {
    const store = new MemoryStore();
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    let sent = 0;
    const fetch = (async () =>
      new Response(
        new ReadableStream({
          async pull(controller) {
            if (sent === 1000) await stalled;
            if (sent >= FILE.byteLength) return controller.close();
            controller.enqueue(FILE.slice(sent, sent + 1000));
            sent += 1000;
          },
        }),
        { status: 200 },
      )) as unknown as typeof globalThis.fetch;
    const done = resumableDownload(options(store, fetch, { flushBytes: 1 << 20, flushMs: 10 }));
    while ((await store.size()) < 1000) await new Promise((r) => setTimeout(r, 5));
    assert.equal(await store.size(), 1000, 'the 1000 bytes received before the stall are stored');
    release();
    assert.deepEqual(await done, FILE);
  });

  test('a server that ignores Range sends the whole file again: the kept bytes are replaced, not spliced', async () => {
    const store = new MemoryStore();
    await store.append(0, FILE.slice(0, 5000));
    const s = server(() => ({ status: 200, headers: { 'content-length': String(FILE.byteLength) }, body: FILE }));
    assert.deepEqual(await resumableDownload(options(store, s.fetch)), FILE);
    assert.deepEqual(s.ranges, ['bytes=5000-']);
  });

  test('416 (the kept bytes do not fit the server file) starts again from 0', async () => {
    const store = new MemoryStore();
    await store.append(0, new Uint8Array(5000).fill(9));
    const s = server((range) => (range ? { status: 416 } : honest()(undefined, 2)));
    // At once, and no failed attempt: with no retry allowed it still gets there.
    assert.deepEqual(await resumableDownload(options(store, s.fetch, { retries: 0, retryDelayMs: 60_000 })), FILE);
    assert.deepEqual(s.ranges, ['bytes=5000-', undefined]);
  });

  test('a 206 for another range than asked starts again rather than splicing at the wrong offset', async () => {
    const store = new MemoryStore();
    await store.append(0, FILE.slice(0, 5000));
    const s = server((range) =>
      range ? { status: 206, headers: { 'content-range': `bytes 4000-9999/${FILE.byteLength}` }, body: FILE.slice(4000) } : honest()(undefined, 2),
    );
    assert.deepEqual(await resumableDownload(options(store, s.fetch)), FILE);
    assert.deepEqual(s.ranges, ['bytes=5000-', undefined]);
  });

  test('a wrong byte: refused with the hashes named, and every kept byte deleted', async () => {
    const store = new MemoryStore();
    const bad = FILE.slice();
    bad[1234]! ^= 0xff;
    const s = server(() => ({ status: 200, body: bad }));
    await assert.rejects(resumableDownload(options(store, s.fetch)), (error: Error) => {
      assert.ok(error instanceof RefusedDownload);
      assert.match(error.message, /not the pinned one .*SHA-256 .*It was deleted and not installed/);
      return true;
    });
    assert.equal(await store.size(), 0);
  });

  test('more bytes than pinned: refused and deleted', async () => {
    const store = new MemoryStore();
    const s = server(() => ({ status: 200, body: new Uint8Array(FILE.byteLength + 500) }));
    await assert.rejects(resumableDownload(options(store, s.fetch)), RefusedDownload);
    assert.equal(await store.size(), 0);
  });

  test('404 is final; 503 is tried again with pauses and then gives up keeping the bytes', async () => {
    await assert.rejects(resumableDownload(options(new MemoryStore(), server(() => ({ status: 404, statusText: 'Not Found' })).fetch)), (error: Error) => {
      assert.ok(error instanceof DownloadError && !(error instanceof RefusedDownload));
      assert.match(error.message, /404/);
      return true;
    });
    const store = new MemoryStore();
    await store.append(0, FILE.slice(0, 2000));
    const s = server(() => ({ status: 503 }));
    await assert.rejects(resumableDownload(options(store, s.fetch, { retries: 3 })), /4 attempts in a row: the server answered 503.*received are kept/);
    assert.equal(s.ranges.length, 4);
    assert.equal(await store.size(), 2000);
  });

  test('a store that cannot write (storage full) stops the download with that error, keeping what was written', async () => {
    const store = new MemoryStore();
    const s = server(honest());
    const first = store.append.bind(store);
    let writes = 0;
    store.append = async (offset, bytes) => {
      if (++writes === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return first(offset, bytes);
    };
    await assert.rejects(resumableDownload(options(store, s.fetch)), { name: 'QuotaExceededError' });
    assert.equal(await store.size(), 3000, 'the first piece stays');
  });

  test('a file of another size is refused before its body is read', async () => {
    const s = server(() => ({ status: 200, headers: { 'content-length': '12' }, body: new Uint8Array(12) }));
    await assert.rejects(resumableDownload(options(new MemoryStore(), s.fetch)), /has 12 bytes, not the pinned 10000/);
  });

  test('cancelling stops at once', async () => {
    const controller = new AbortController();
    const s = server(() => ({ status: 503 }));
    const run = resumableDownload(options(new MemoryStore(), s.fetch, { signal: controller.signal, retryDelayMs: 60_000 }));
    setTimeout(() => controller.abort(new Error('cancelled')), 20);
    await assert.rejects(run, /cancelled/);
  });
});
