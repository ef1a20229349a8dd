// A person's mistakes on the command line: one or two lines that say what is wrong and what to do, the
// documented exit code (2 for a mistake in the command), no stack trace, and no work lost.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { familyImage } from './support/families';
import { originlens, TINY_MODEL, type CliResult } from './support/cli';

let dir: string;
let env: Record<string, string>;
let head: string;

const noTrace = (run: CliResult) => assert.doesNotMatch(run.stderr, /unexpected failure|\n\s+at /, run.stderr);

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-mistakes-'));
  env = { ORIGINLENS_HOME: join(dir, 'home') };
  for (const [label, family] of [['real', 'smooth'], ['stripes', 'stripes']] as const) {
    await mkdir(join(dir, 'data', label), { recursive: true });
    for (let i = 0; i < 6; i++) await writeFile(join(dir, 'data', label, `${i}.png`), familyImage(family, i));
  }
  head = join(dir, 'new', 'folder', 'head.json');
  const trained = await originlens(['train', '--data', join(dir, 'data'), '--out', head, '--model', TINY_MODEL, '--feature', 'block2'], env);
  assert.equal(trained.code, 0, trained.stderr);
});
after(() => rm(dir, { recursive: true, force: true }));

test('an output in a folder that does not exist yet is written there', () => {
  assert.ok(existsSync(head), 'train --out created new/folder/');
});

test('a misspelt option or command is named, with the one probably meant', async () => {
  const option = await originlens(['attribute', '--incsv', 'x.csv', '--out_csv', join(dir, 'o.csv'), '--head', head], env);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /^originlens: attribute has no option --incsv; did you mean --in_csv\? \(run `originlens attribute --help` for its options\)\nUsage: originlens attribute /);
  assert.equal(option.stderr.trim().split('\n').length, 2, 'two lines');
  const command = await originlens(['atribute'], env);
  assert.equal(command.code, 2);
  assert.match(command.stderr, /unknown command "atribute"; did you mean "attribute"\?/);
  const value = await originlens(['train', '--data'], env);
  assert.equal(value.code, 2);
  for (const run of [option, command, value]) noTrace(run);
});

test('folders that do not exist, only real photos, and outputs that cannot be written are refused before any work', async () => {
  const cases: [string[], RegExp][] = [
    [['attribute', '--in', join(dir, 'nowhere'), '--out_csv', join(dir, 'o.csv'), '--head', head, '--model', TINY_MODEL], /nowhere: no such file or folder/],
    [['train', '--data', join(dir, 'nowhere'), '--out', join(dir, 'h.json'), '--model', TINY_MODEL], /--data .*nowhere: no such folder/],
    [['train', '--data', join(dir, 'data', 'real'), '--out', join(dir, 'h.json'), '--model', TINY_MODEL], /no real images: add a "real" folder/],
    [['attribute', '--in', join(dir, 'data'), '--out_csv', join(head, 'o.csv'), '--head', head, '--model', TINY_MODEL], /--out_csv .*: cannot create the folder/],
    [['train', '--data', join(dir, 'data'), '--out', join(dir, 'data'), '--model', TINY_MODEL], /--out .*data is a folder; give a file name/],
  ];
  await mkdir(join(dir, 'only-real', 'real'), { recursive: true });
  await writeFile(join(dir, 'only-real', 'real', '0.png'), familyImage('smooth', 1));
  cases.push([['train', '--data', join(dir, 'only-real'), '--out', join(dir, 'h.json'), '--model', TINY_MODEL], /only real photos; add a folder of images for each generator/]);
  for (const [args, message] of cases) {
    const run = await originlens(args, env);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /attributing|encoding/, 'refused before any image was read');
    noTrace(run);
  }
});

test('symbolic links to files and folders are followed, and a loop of links is read once', async () => {
  const linked = join(dir, 'linked');
  await mkdir(join(linked, 'train'), { recursive: true });
  await symlink(join(dir, 'data', 'real'), join(linked, 'train', 'real'));
  await mkdir(join(linked, 'train', 'stripes'));
  for (let i = 0; i < 6; i++) await symlink(join(dir, 'data', 'stripes', `${i}.png`), join(linked, 'train', 'stripes', `${i}.png`));
  await symlink(linked, join(linked, 'train', 'stripes', 'loop'));
  const out = join(dir, 'linked.csv');
  const run = await originlens(['attribute', '--in', join(linked, 'train'), '--out_csv', out, '--head', head, '--model', TINY_MODEL], env);
  assert.equal(run.code, 0, run.stderr);
  const rows = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 12, rows.map((r) => r.filename).join(', '));
  assert.ok(rows.every((r) => r.verdict !== 'error'), JSON.stringify(rows.filter((r) => r.verdict === 'error')));
  const trained = await originlens(['train', '--data', join(linked, 'train'), '--out', join(dir, 'linked.json'), '--model', TINY_MODEL, '--feature', 'block2'], env);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stderr + trained.stdout, /real/);
});

test('two processes and a batch with the same image twice write one feature cache without a false error', async () => {
  const twice = join(dir, 'twice');
  await mkdir(twice);
  for (let i = 0; i < 8; i++) await writeFile(join(twice, `${i}.png`), familyImage('stripes', 50));
  const shared = { ORIGINLENS_HOME: join(dir, 'shared-home') };
  const args = (n: number) => ['attribute', '--in', twice, '--out_csv', join(dir, `twice-${n}.csv`), '--head', head, '--model', TINY_MODEL, '--batch', '8'];
  const runs = await Promise.all([originlens(args(1), shared), originlens(args(2), shared)]);
  for (const run of runs) {
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /ENOENT|rename|skipped/);
  }
  for (const n of [1, 2]) {
    const rows = parse(readFileSync(join(dir, `twice-${n}.csv`)), { columns: true }) as Record<string, string>[];
    assert.deepEqual([...new Set(rows.map((r) => r.verdict))].length, 1, 'eight identical images, one verdict');
    assert.ok(rows.every((r) => r.verdict !== 'error'));
  }
});

test('train --unknown on class folders without --val holds out known images to validate against, and writes a usable head', async () => {
  const data = join(dir, 'three');
  for (const [label, family] of [['real', 'smooth'], ['stripes', 'stripes'], ['blocks', 'blocks']] as const) {
    await mkdir(join(data, label), { recursive: true });
    for (let i = 0; i < 6; i++) await writeFile(join(data, label, `${i}.png`), familyImage(family, 100 + i));
  }
  const out = join(dir, 'unknown-head.json');
  const trained = await originlens(['train', '--data', data, '--out', out, '--model', TINY_MODEL, '--feature', 'block2', '--unknown', 'blocks'], env);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /classes: real \(\d\), stripes \(\d\)/);
  assert.match(trained.stdout, /AUROC known vs unknown/);
  const run = await originlens(['attribute', '--in', join(data, 'blocks'), '--out_csv', join(dir, 'unknown.csv'), '--head', out, '--model', TINY_MODEL], env);
  assert.equal(run.code, 0, run.stderr);
});
