// The model store against a local HTTP server that serves a made-up model and misbehaves on request:
// drops the connection mid-body, ignores Range, answers 416, serves corrupted bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { CliError } from '../src/node/cli-error';
import type { Registry } from '../src/engine/models/registry';
import type { ModelEntry } from '../src/engine/types';
import { cacheDir, modelsDir } from '../src/node/cache-dir';
import { HashCache } from '../src/node/file-hash';
import { ModelStore } from '../src/node/model-store';
import { findPackageRoot } from '../src/node/package-root';

const SIZE = 3 * 1024 * 1024 + 12_345;

/** Deterministic bytes (xorshift32), different for each seed. */
function fakeModel(size: number, seed: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer, 0, size);
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const MODEL = fakeModel(SIZE, 1);
const OTHER = fakeModel(SIZE + 7, 2);

interface Behaviour {
  /** Bytes to send before dropping the connection, for the first request only (or every one with dropEvery). */
  dropAt?: number;
  dropEvery?: boolean;
  ignoreRange?: boolean;
  /** Answer 416 to every Range request. */
  refuseRanges?: boolean;
  body?: Buffer;
  /** Answer this status with no body (only to the first request with statusOnce). */
  status?: number;
  statusOnce?: boolean;
}

interface Seen {
  range: string | undefined;
  status: number;
  sent: number;
}

let server: Server;
let port = 0;
let behaviour: Behaviour = {};
let seen: Seen[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const body = behaviour.body ?? MODEL;
  const range = req.headers.range;
  const record: Seen = { range, status: 200, sent: 0 };
  seen.push(record);
  if (behaviour.status !== undefined && (!behaviour.statusOnce || seen.length === 1)) {
    record.status = behaviour.status;
    res.writeHead(behaviour.status).end();
    return;
  }
  const drop = behaviour.dropAt !== undefined && (behaviour.dropEvery || seen.length === 1);
  if (range && behaviour.refuseRanges) {
    record.status = 416;
    res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
    return;
  }
  let start = 0;
  const m = range && !behaviour.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
  if (m) {
    start = Number(m[1]);
    record.status = 206;
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
  } else {
    res.writeHead(200, { 'content-length': body.length });
  }
  const rest = body.subarray(start);
  if (drop) {
    const part = rest.subarray(0, behaviour.dropAt);
    record.sent = part.length;
    // Flushed, then the socket is closed before the promised Content-Length: a dropped connection.
    res.write(part, () => res.socket?.destroy());
    return;
  }
  record.sent = rest.length;
  res.end(rest);
}

function entry(id: string, data: Buffer, extra: Partial<ModelEntry> = {}): ModelEntry {
  return {
    id,
    name: `Made-up ${id}`,
    file: `${id}.onnx`,
    url: `http://127.0.0.1:${port}/${id}.onnx`,
    revision: 'test',
    bytes: data.length,
    sha256: sha256(data),
    input: { name: 'pixel_values', size: 224, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    features: { embedding: { output: 'image_embeds', dim: 8 } },
    licence: 'MIT',
    test: false,
    ...extra,
  };
}

let home: string;
let testDir: string;
let registry: Registry;
let store: ModelStore;

before(async () => {
  server = createServer(handle);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((ok) => server.close(() => ok())));

beforeEach(async () => {
  behaviour = {};
  seen = [];
  home = await mkdtemp(join(tmpdir(), 'originlens-store-'));
  testDir = join(home, 'test-encoders');
  registry = { version: 1, models: [entry('fake', MODEL), entry('other', OTHER)] };
  store = new ModelStore({ home, registry, testDir, retries: 3, retryDelayMs: 1 });
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const installedPath = (): string => join(home, 'models', 'fake.onnx');

describe('install', () => {
  test('downloads the whole file, reports progress, and checks it', async () => {
    const events: number[] = [];
    const result = await store.install('fake', { onProgress: (p) => events.push(p.received) });
    assert.equal(result.downloaded, true);
    assert.equal(result.path, installedPath());
    assert.equal(sha256(await readFile(result.path)), sha256(MODEL));
    assert.equal(existsSync(`${result.path}.part`), false);
    assert.ok(events.length > 2, 'several progress reports');
    assert.deepEqual(events, [...events].sort((a, b) => a - b), 'progress never goes back');
    assert.equal(events.at(-1), SIZE);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.range, undefined);

    const listed = await store.list();
    assert.equal(listed.find((s) => s.entry.id === 'fake')?.state, 'verified');
    assert.equal(listed.find((s) => s.entry.id === 'other')?.state, 'missing');

    // Installed and recorded: a second install does not download again.
    const again = await store.install('fake');
    assert.equal(again.downloaded, false);
    assert.equal(seen.length, 1);
  });

  test('resumes with a Range request after the connection drops mid-body', async () => {
    const dropAt = 1024 * 1024 + 333;
    behaviour = { dropAt };
    const events: number[] = [];
    await store.install('fake', { onProgress: (p) => events.push(p.received) });
    assert.equal(sha256(await readFile(installedPath())), sha256(MODEL));
    assert.equal(seen.length, 2);
    const m = /^bytes=(\d+)-$/.exec(seen[1]?.range ?? '');
    assert.ok(m, `second request carries a Range header (got ${String(seen[1]?.range)})`);
    const resumedAt = Number(m[1]);
    assert.ok(resumedAt > 0 && resumedAt <= dropAt, `resumed at ${resumedAt}`);
    assert.equal(seen[1]?.status, 206);
    const transferred = seen.reduce((n, s) => n + s.sent, 0);
    assert.ok(transferred < 2 * SIZE, `transferred ${transferred} bytes for a ${SIZE}-byte file`);
    // The server counts what it wrote before the drop, not what arrived (the reset can lose some of it in
    // flight), so the check is on the second request: it sent only what the first one had not delivered.
    assert.equal(seen[1]?.sent, SIZE - resumedAt, 'the second request sent only the rest');
  });

  test('resumes a .part left by an earlier run', async () => {
    await mkdir(join(home, 'models'), { recursive: true });
    await writeFile(`${installedPath()}.part`, MODEL.subarray(0, 500_000));
    assert.equal((await store.list()).find((s) => s.entry.id === 'fake')?.state, 'partial');
    await store.install('fake');
    assert.equal(seen[0]?.range, 'bytes=500000-');
    assert.equal(sha256(await readFile(installedPath())), sha256(MODEL));
  });

  test('starts over when the server ignores Range and sends the whole file', async () => {
    behaviour = { dropAt: 700_000, ignoreRange: true };
    const events: number[] = [];
    await store.install('fake', { onProgress: (p) => events.push(p.received) });
    assert.equal(seen.length, 2);
    assert.match(seen[1]?.range ?? '', /^bytes=\d+-$/, 'the retry asked for a range');
    assert.equal(seen[1]?.status, 200, 'and got the whole file');
    assert.equal(sha256(await readFile(installedPath())), sha256(MODEL), 'not the partial bytes twice');
    assert.equal((await stat(installedPath())).size, SIZE);
    assert.ok(events.some((v, i) => i > 0 && v < (events[i - 1] ?? 0)), 'progress went back to the start');
  });

  test('discards a .part the server answers 416 to, and downloads from the start', async () => {
    await mkdir(join(home, 'models'), { recursive: true });
    await writeFile(`${installedPath()}.part`, Buffer.alloc(1000, 7));
    behaviour = { refuseRanges: true };
    await store.install('fake');
    assert.deepEqual(
      seen.map((s) => [s.range, s.status]),
      [
        ['bytes=1000-', 416],
        [undefined, 200],
      ],
    );
    assert.equal(sha256(await readFile(installedPath())), sha256(MODEL));
  });

  test('refuses and deletes a file whose SHA-256 does not match', async () => {
    const corrupt = Buffer.from(MODEL);
    corrupt[SIZE >> 1] = (corrupt[SIZE >> 1] ?? 0) ^ 0xff;
    behaviour = { body: corrupt };
    await assert.rejects(store.install('fake'), (err: Error) => {
      assert.ok(err instanceof CliError);
      assert.match(err.message, /cannot install fake/);
      assert.match(err.message, new RegExp(`SHA-256 ${sha256(corrupt)}`));
      assert.match(err.message, /deleted and not installed/);
      return true;
    });
    assert.equal(existsSync(installedPath()), false);
    assert.equal(existsSync(`${installedPath()}.part`), false);
    await assert.rejects(store.resolveModel('fake'), /not installed/);
  });

  test('refuses a file of the wrong size before downloading it', async () => {
    behaviour = { body: OTHER };
    await assert.rejects(store.install('fake'), new RegExp(`${OTHER.length} bytes, not the pinned ${SIZE}`));
    assert.equal(existsSync(installedPath()), false);
    assert.equal(seen[0]?.sent, OTHER.length, 'the server had started sending');
  });

  test('gives up after a bounded number of failed attempts, keeping nothing in place', async () => {
    behaviour = { dropAt: 0, dropEvery: true };
    await assert.rejects(store.install('fake'), /the download stopped after 4 attempts in a row/);
    assert.equal(seen.length, 4, 'first attempt + 3 retries');
    assert.equal(existsSync(installedPath()), false);
  });

  test('reports an HTTP error without retrying it', async () => {
    behaviour = { status: 404 };
    await assert.rejects(store.install('fake'), /cannot install fake: the server answered 404/);
    assert.equal(seen.length, 1);
  });

  test('retries a server error', async () => {
    behaviour = { status: 503, statusOnce: true };
    await store.install('fake');
    assert.deepEqual(seen.map((s) => s.status), [503, 200]);
  });
});

describe('importFile', () => {
  test('copies a file that is exactly a registry model', async () => {
    const src = join(home, 'vision_model_quantized.onnx');
    await writeFile(src, MODEL);
    const result = await store.importFile(src);
    assert.equal(result.entry.id, 'fake');
    assert.equal(result.path, installedPath());
    assert.equal(sha256(await readFile(result.path)), sha256(MODEL));
    assert.equal((await store.list()).find((s) => s.entry.id === 'fake')?.state, 'verified');
    assert.equal((await store.resolveModel(undefined)).path, installedPath());
    assert.equal(seen.length, 0, 'no network');
  });

  test('refuses a file that matches nothing, naming the known hashes', async () => {
    const src = join(home, 'random.onnx');
    const bytes = fakeModel(4096, 3);
    await writeFile(src, bytes);
    await assert.rejects(store.importFile(src), (err: Error) => {
      assert.ok(err instanceof CliError);
      assert.match(err.message, new RegExp(`SHA-256 ${sha256(bytes)}`));
      assert.match(err.message, new RegExp(`fake: ${SIZE} bytes, SHA-256 ${sha256(MODEL)}`));
      assert.match(err.message, new RegExp(`other: ${OTHER.length} bytes, SHA-256 ${sha256(OTHER)}`));
      return true;
    });
    assert.equal(existsSync(join(home, 'models', 'fake.onnx')), false);
  });

  test('with --id, refuses a registry model that is not that one', async () => {
    const src = join(home, 'other.onnx');
    await writeFile(src, OTHER);
    await assert.rejects(store.importFile(src, { id: 'fake' }), /is not fake/);
    assert.equal((await store.importFile(src, { id: 'other' })).entry.id, 'other');
  });
});

describe('verify', () => {
  test('detects a file changed on disk, even with its size and time put back', async () => {
    await store.install('fake');
    const path = installedPath();
    // Whole seconds, so that the time put back below is exactly the recorded one.
    const when = 1_700_000_000;
    await utimes(path, when, when);
    assert.equal((await store.verify('fake')).ok, true);
    const bytes = Buffer.from(MODEL);
    bytes[12] = (bytes[12] ?? 0) ^ 1;
    await writeFile(path, bytes);
    await utimes(path, when, when);
    assert.equal((await stat(path)).mtimeMs, when * 1000);
    const result = await store.verify('fake');
    assert.equal(result.ok, false);
    assert.equal(result.sha256, sha256(bytes));
    await assert.rejects(store.resolveModel('fake'), /does not match fake.*originlens models install fake/);
    assert.equal((await store.list()).find((s) => s.entry.id === 'fake')?.state, 'mismatch');
    // Installing again replaces the damaged file.
    assert.equal((await store.install('fake')).downloaded, true);
    assert.equal((await store.verify('fake')).ok, true);
  });

  test('says how to install a model that is not there', async () => {
    await assert.rejects(store.verify('fake'), /not installed.*originlens models install fake/);
  });
});

describe('resolveModel', () => {
  test('with nothing installed, says exactly what to run', async () => {
    await assert.rejects(store.resolveModel(undefined), (err: Error) => {
      assert.ok(err instanceof CliError);
      assert.match(err.message, /no image encoder is installed/);
      assert.match(err.message, /`originlens models install fake`/);
      assert.match(err.message, /`originlens models import FILE`/);
      return true;
    });
    await assert.rejects(store.resolveModel('fake'), /model fake is not installed: run `originlens models install fake`/);
    await assert.rejects(store.resolveModel('nope'), /unknown model "nope"/);
  });

  test('refuses a file that does not match its entry', async () => {
    const dir = join(home, 'elsewhere');
    await mkdir(dir);
    await writeFile(join(dir, 'mine.onnx'), OTHER.subarray(0, SIZE));
    await writeFile(join(dir, 'mine.json'), JSON.stringify({ ...entry('mine', MODEL), file: 'mine.onnx' }));
    await assert.rejects(store.resolveModel(join(dir, 'mine.onnx')), /does not match mine \(SHA-256 [0-9a-f]{64}, expected/);
    await assert.rejects(store.resolveModel(join(dir, 'mine.json')), /does not match mine/);
    await writeFile(join(dir, 'mine.onnx'), MODEL.subarray(0, 100));
    await assert.rejects(store.resolveModel(join(dir, 'mine.json')), /has 100 bytes but mine is pinned at/);
    await rm(join(dir, 'mine.onnx'));
    await assert.rejects(store.resolveModel(join(dir, 'mine.json')), /file not found/);
  });

  test('accepts a matching .json entry, a .onnx beside its .json, and a bare .onnx of the registry', async () => {
    const dir = join(home, 'elsewhere');
    await mkdir(join(dir, 'weights'), { recursive: true });
    await writeFile(join(dir, 'weights', 'w.onnx'), MODEL);
    await writeFile(join(dir, 'mine.json'), JSON.stringify({ ...entry('mine', MODEL), file: 'weights/w.onnx' }));
    const viaJson = await store.resolveModel(join(dir, 'mine.json'));
    assert.equal(viaJson.entry.id, 'mine');
    assert.equal(viaJson.path, join(dir, 'weights', 'w.onnx'));
    // No w.json beside it, but its bytes are the registry's "fake".
    const bare = await store.resolveModel(join(dir, 'weights', 'w.onnx'));
    assert.equal(bare.entry.id, 'fake');
    await writeFile(join(dir, 'weights', 'x.onnx'), fakeModel(999, 9));
    await assert.rejects(store.resolveModel(join(dir, 'weights', 'x.onnx')), /no x\.json beside it and is not a registry model/);
  });

  test('finds test encoders by id only when allowed', async () => {
    await mkdir(testDir, { recursive: true });
    const tiny = fakeModel(5000, 5);
    await writeFile(join(testDir, 'tiny.onnx'), tiny);
    await writeFile(join(testDir, 'tiny.json'), JSON.stringify({ ...entry('test-tiny', tiny), url: undefined, file: 'tiny.onnx', test: true }));
    await writeFile(join(testDir, 'notes.json'), '{"not": "an entry"}');
    await assert.rejects(store.resolveModel('test-tiny'), /test encoder with random weights/);
    await assert.rejects(store.resolveModel(join(testDir, 'tiny.json')), /test encoder/);
    const found = await store.resolveModel('test-tiny', { allowTest: true });
    assert.equal(found.path, join(testDir, 'tiny.onnx'));
    assert.deepEqual((await store.testEncoders()).map((t) => t.entry.id), ['test-tiny']);
    // A test encoder is never the default.
    await assert.rejects(store.resolveModel(undefined, { allowTest: true }), /no image encoder is installed/);
  });
});

describe('hash record', () => {
  test('reuses a hash while size and mtime are unchanged', async () => {
    const file = join(home, 'f.bin');
    await writeFile(file, MODEL);
    const cache = new HashCache(join(home, 'hashes.json'));
    assert.deepEqual(await cache.hash(file), { sha256: sha256(MODEL), size: SIZE, cached: false });
    assert.equal((await cache.hash(file)).cached, true);
    // A new HashCache reads the record from disk.
    assert.equal((await new HashCache(join(home, 'hashes.json')).hash(file)).cached, true);
    await writeFile(file, OTHER);
    assert.deepEqual(await cache.hash(file), { sha256: sha256(OTHER), size: OTHER.length, cached: false });
    assert.equal((await cache.hash(file, { fresh: true })).cached, false);
  });
});

describe('cache folder', () => {
  const home = '/home/ann';
  test('follows each platform', () => {
    assert.equal(cacheDir({ env: { ORIGINLENS_HOME: '/srv/ol' }, platform: 'linux', home }), '/srv/ol');
    assert.equal(cacheDir({ env: {}, platform: 'linux', home }), '/home/ann/.cache/originlens');
    assert.equal(cacheDir({ env: { XDG_CACHE_HOME: '/var/cache/ann' }, platform: 'linux', home }), '/var/cache/ann/originlens');
    assert.equal(cacheDir({ env: { XDG_CACHE_HOME: 'relative' }, platform: 'linux', home }), '/home/ann/.cache/originlens');
    assert.equal(cacheDir({ env: {}, platform: 'darwin', home: '/Users/ann' }), '/Users/ann/Library/Caches/originlens');
    assert.equal(
      cacheDir({ env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\ann' }),
      'C:\\Users\\ann\\AppData\\Local\\originlens\\Cache',
    );
    assert.equal(modelsDir({ env: {}, platform: 'linux', home }), '/home/ann/.cache/originlens/models');
  });
});

describe('package root', () => {
  test('is found from a bundle under dist/ and skips other packages on the way up', async () => {
    const root = join(home, 'pkg');
    await mkdir(join(root, 'dist', 'cli'), { recursive: true });
    await mkdir(join(root, 'node_modules', 'dep', 'lib'), { recursive: true });
    await writeFile(join(root, 'package.json'), '{"name": "originlens"}');
    await writeFile(join(root, 'node_modules', 'dep', 'package.json'), '{"name": "dep"}');
    assert.equal(findPackageRoot(`file://${join(root, 'dist', 'cli', 'originlens.mjs')}`), root);
    assert.equal(findPackageRoot(join(root, 'node_modules', 'dep', 'lib', 'x.js')), root);
  });

  test('of this checkout holds the registry', () => {
    assert.ok(existsSync(join(findPackageRoot(), 'models', 'registry.json')));
  });
});

describe('originlens models (command line)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(findPackageRoot(), 'src', 'cli', 'originlens.ts'), 'models', ...args], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });

  test('lists the registry, refuses a stranger file and a wrong sub-command', async () => {
    const listed = cli(['list'], { ORIGINLENS_HOME: home });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /clip-vit-b32-quantized\s+85\.0 MB\s+MIT\s+not installed/);
    assert.match(listed.stdout, new RegExp(`Store: ${join(home, 'models')}`));

    const src = join(home, 'stranger.onnx');
    await writeFile(src, fakeModel(2048, 4));
    const imported = cli(['import', src], { ORIGINLENS_HOME: home });
    assert.equal(imported.status, 1);
    assert.match(imported.stderr, /matches no model of the registry/);
    assert.match(imported.stderr, /583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299/);

    const wrong = cli(['frobnicate'], { ORIGINLENS_HOME: home });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /unknown sub-command "frobnicate"/);
  });
});
