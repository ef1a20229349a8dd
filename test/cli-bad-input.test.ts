// Bad input through the command line: every broken image is an `error` row with a reason and the run goes
// on; a missing model or head, or a head made for another encoder, is refused with what to do instead.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { familyImage } from './support/families';
import { HOSTILE_IMAGES } from './support/hostile-corpus';
import { pngHeader } from './support/hostile-images';
import { originlens, TINY_MODEL } from './support/cli';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

let dir: string;
let head: string;
let env: Record<string, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-bad-input-'));
  made.push(dir);
  env = { ORIGINLENS_HOME: join(dir, 'home') };
  for (const [label, family] of [['real', 'smooth'], ['stripes', 'stripes']] as const) {
    await mkdir(join(dir, 'train', label), { recursive: true });
    for (let i = 0; i < 6; i++) await writeFile(join(dir, 'train', label, `${i}.png`), familyImage(family, i));
  }
  head = join(dir, 'head.json');
  const trained = await originlens(['train', '--data', join(dir, 'train'), '--out', head, '--model', TINY_MODEL, '--feature', 'block2'], env);
  assert.equal(trained.code, 0, trained.stderr);
});

test('broken, hostile and unreadable files each get an error row with a reason, and the good ones a verdict', async () => {
  const images = join(dir, 'images');
  await mkdir(join(images, 'folder.png'), { recursive: true });
  const good = familyImage('stripes', 99);
  const files: Record<string, Uint8Array | string> = {
    'good-1.png': good,
    'empty.png': new Uint8Array(0),
    'truncated.png': good.subarray(0, Math.floor(good.length / 2)),
    'page.jpg': '<!doctype html><html><body>Not found</body></html>',
    'enormous.png': pngHeader(30000, 30000),
    'good-2.png': familyImage('smooth', 98),
  };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(images, name), bytes);
  const names = [...Object.keys(files), 'missing.png', 'folder.png'];
  await writeFile(join(images, 'list.csv'), `filename\n${names.join('\n')}\n`);

  const out = join(dir, 'bad.csv');
  const run = await originlens(['attribute', '--in_csv', join(images, 'list.csv'), '--out_csv', out, '--model', TINY_MODEL, '--head', head], env);
  assert.equal(run.code, 1, `done, but some images gave errors: ${run.stderr}`);
  const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => r.filename), names, 'one row per image, in the order given');
  const reason = (name: string) => {
    const r = rows.find((row) => row.filename === name)!;
    assert.equal(r.verdict, 'error', `${name} is an error`);
    assert.equal(r.llr, '', `${name} has no LLR`);
    return r.reason!;
  };
  assert.match(reason('empty.png'), /empty file/);
  assert.match(reason('truncated.png'), /truncated/i);
  assert.match(reason('page.jpg'), /not an image.*HTML/i);
  assert.match(reason('enormous.png'), /image too large: 30000 x 30000 pixels/);
  assert.match(reason('missing.png'), /file not found/);
  assert.match(reason('folder.png'), /folder/);
  for (const name of ['good-1.png', 'good-2.png']) {
    const r = rows.find((row) => row.filename === name)!;
    assert.notEqual(r.verdict, 'error', `${name}: ${r.reason}`);
    assert.ok(Number.isFinite(Number(r.llr)) && r.llr !== '');
  }
  assert.match(run.stderr, /8 images in .*: .* 6 errors/);
});

test('the hostile corpus: each broken file an error with its reason, each odd but valid one a verdict, in bounded time', async () => {
  const images = join(dir, 'hostile');
  await mkdir(images, { recursive: true });
  const names = Object.keys(HOSTILE_IMAGES);
  for (const name of names) await writeFile(join(images, name), HOSTILE_IMAGES[name]!.bytes);
  await writeFile(join(images, 'list.csv'), `filename\n${names.join('\n')}\n`);
  const out = join(dir, 'hostile.csv');
  const start = performance.now();
  const run = await originlens(['attribute', '--in_csv', join(images, 'list.csv'), '--out_csv', out, '--model', TINY_MODEL, '--head', head], env);
  // Generous: the decompression bombs are refused from their headers, not decoded.
  assert.ok(performance.now() - start < 60_000, 'the run ends within a minute');
  assert.equal(run.code, 1, `done, but some images gave errors: ${run.stderr}`);
  const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => r.filename), names);
  for (const [name, { expect }] of Object.entries(HOSTILE_IMAGES)) {
    const r = rows.find((row) => row.filename === name)!;
    if (expect === 'verdict') {
      assert.notEqual(r.verdict, 'error', `${name}: ${r.reason}`);
      assert.ok(r.llr !== '' && Number.isFinite(Number(r.llr)), `${name} has an LLR`);
    } else {
      assert.equal(r.verdict, 'error', `${name} is an error`);
      assert.match(r.reason ?? '', expect.error, name);
    }
  }
});

test('a missing model is refused with what to run', async () => {
  const run = await originlens(['attribute', '--in', dir, '--out_csv', join(dir, 'x.csv'), '--model', 'no-such-model', '--head', head], env);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /no-such-model/);
  assert.match(run.stderr, /originlens models (install|list|import)/);
});

test('the encoder a head reads is not installed and none given: the message says how to install it', async () => {
  const pack = JSON.parse(await readFile(head, 'utf8')) as { encoder: { id: string; sha256: string } };
  pack.encoder = { id: 'clip-vit-b32-quantized', sha256: '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299' };
  await writeFile(join(dir, 'for-b32.json'), JSON.stringify(pack));
  const run = await originlens(['attribute', '--in', dir, '--out_csv', join(dir, 'x.csv'), '--head', join(dir, 'for-b32.json')], env);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /originlens models install clip-vit-b32-quantized/);
});

test('a missing, broken or foreign head is refused with what to do', async () => {
  const attribute = (headArgs: string[]) =>
    originlens(['attribute', '--in', join(dir, 'train'), '--out_csv', join(dir, 'x.csv'), '--model', TINY_MODEL, ...headArgs], env);

  const none = await attribute([]);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no head given.*originlens heads list.*originlens train/);

  const missing = await attribute(['--head', join(dir, 'nowhere.json')]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /cannot read head pack .*no such file, and no published head has that id/);

  await writeFile(join(dir, 'broken.json'), '{"format": "originlens-head", ');
  const broken = await attribute(['--head', join(dir, 'broken.json')]);
  assert.notEqual(broken.code, 0);
  assert.match(broken.stderr, /not valid JSON/);

  const pack = JSON.parse(await readFile(head, 'utf8')) as { encoder: { id: string; sha256: string } };
  pack.encoder = { id: 'clip-vit-b32-quantized', sha256: '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299' };
  await writeFile(join(dir, 'foreign.json'), JSON.stringify(pack));
  const foreign = await attribute(['--head', join(dir, 'foreign.json')]);
  assert.notEqual(foreign.code, 0);
  assert.match(foreign.stderr, /was trained for encoder clip-vit-b32-quantized .* Pass --model clip-vit-b32-quantized, or train a head/);
  assert.doesNotMatch(foreign.stderr, /unexpected failure/);
});
