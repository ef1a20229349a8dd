// `originlens models convert` as a person runs it (the built command line): what it read and chose said
// aloud, an encoder another command then uses by its entry, and mistakes answered with a sentence and an
// exit code, never a stack trace.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeRandomCheckpoint } from '../build/bench/random-checkpoint';
import { TEST_CONFIGS } from '../src/engine/onnx/test-encoder';
import { storedZip } from '../src/engine/test-support/stored-zip';
import { familyImage } from './support/families';
import { originlens } from './support/cli';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

let dir: string;
let source: string;
let env: Record<string, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-convert-'));
  made.push(dir);
  env = { ORIGINLENS_HOME: join(dir, 'home') };
  source = join(dir, 'open_clip_model.safetensors');
  await writeRandomCheckpoint(source, TEST_CONFIGS.tiny, 5);
});

test('convert says what it read and chose, and other commands use its encoder by its entry', async () => {
  const out = join(dir, 'tiny.onnx');
  const r = await originlens(['models', 'convert', source, '--out', out, '--activation', 'gelu', '--weights', 'int8', '--id', 'my-tiny'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Read a safetensors file with OpenAI's\/OpenCLIP's names: width 64, 4 blocks, patch 32, 224 × 224 pixels, embedding 32\./);
  assert.match(r.stdout, /Heads: 1 head of 64 channels, as every CLIP ViT of width 64 has\./);
  assert.match(r.stdout, /Activation: gelu, as --activation says\./);
  assert.match(r.stdout, /Outputs: image_embeds \[N, 32\], pooled \[N, 64\], class_tokens \[N, 4, 64\]/);
  const entry = JSON.parse(await readFile(join(dir, 'tiny.json'), 'utf8')) as { id: string; features: Record<string, unknown>; source: { activation: string; vouchedFor: string } };
  assert.equal(entry.id, 'my-tiny');
  assert.equal(entry.source.activation, 'gelu');
  assert.equal(entry.source.vouchedFor, 'by the person who converted it: no registry pins this checkpoint');
  // Other commands use the converted encoder through its entry: a head trained on its pooled token, then
  // verdicts with it.
  for (const [label, family] of [['real', 'smooth'], ['stripes', 'stripes']] as const) {
    await mkdir(join(dir, 'train', label), { recursive: true });
    for (let i = 0; i < 6; i++) await writeFile(join(dir, 'train', label, `${i}.png`), familyImage(family, i));
  }
  const head = join(dir, 'head.json');
  const trained = await originlens(['train', '--data', join(dir, 'train'), '--out', head, '--model', join(dir, 'tiny.json'), '--feature', 'pooled'], env);
  assert.equal(trained.code, 0, trained.stderr);
  const pack = JSON.parse(await readFile(head, 'utf8')) as { encoder: { id: string }; feature: { name?: string } | string };
  assert.equal(pack.encoder.id, 'my-tiny');
  assert.match(JSON.stringify(pack.feature), /pooled/);
  const attributed = await originlens(['attribute', '--in', join(dir, 'train', 'stripes'), '--out_csv', join(dir, 'v.csv'), '--head', head, '--model', join(dir, 'tiny.json')], env);
  assert.equal(attributed.code, 0, attributed.stderr);
  const rows = (await readFile(join(dir, 'v.csv'), 'utf8')).trim().split('\n');
  assert.equal(rows.length, 7, 'a header and six verdicts');
  assert.ok(rows.slice(1).every((row) => !row.includes(',error,')), rows.join('\n'));
});

test('mistakes get a sentence and an exit code, never a stack trace', async () => {
  const cases: [string[], RegExp, number][] = [
    [['models', 'convert', source], /models convert needs --out ENCODER\.onnx/, 2],
    [['models', 'convert', source, '--out', join(dir, 'x.onnx'), '--weights', 'int4'], /--weights is one of float32, float16, int8, not "int4"/, 2],
    [['models', 'convert', source, '--out', join(dir, 'x.onnx'), '--activation', 'relu'], /--activation is quickgelu or gelu, not "relu"/, 2],
    [['models', 'convert', join(dir, 'nothing.pt'), '--out', join(dir, 'x.onnx')], /nothing\.pt: no such file/, 1],
    [['models', 'convert', source, '--out', join(dir, 'x.onnx')], /nothing in the file says which activation .* pass --activation quickgelu/, 1],
    [['models', 'list', '--weights', 'int8'], /--weights goes with `models convert` only/, 2],
  ];
  await writeFile(join(dir, 'page.pt'), '<html>not found</html>');
  cases.push([['models', 'convert', join(dir, 'page.pt'), '--out', join(dir, 'x.onnx')], /page\.pt: the file is neither a PyTorch zip archive nor a safetensors file/, 1]);
  await writeFile(join(dir, 'evil.pt'), storedZip({ 'evil/data.pkl': new Uint8Array([0x80, 0x02, ...new TextEncoder().encode('cos\nsystem\n(X\x02\x00\x00\x00lstR.')]) }));
  cases.push([['models', 'convert', join(dir, 'evil.pt'), '--out', join(dir, 'x.onnx')], /asks for the Python callable os\.system, .* without running any of their code/, 1]);
  for (const [args, message, code] of cases) {
    const r = await originlens(args, env);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at |unexpected failure/, args.join(' '));
  }
});
