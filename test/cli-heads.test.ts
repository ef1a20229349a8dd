// Several heads on one CSV from the command line: a detector converted with `heads convert` beside an
// attribution head, fused; each head's column; the CLIP-based detection paper's CSV layout; and the
// detection metrics checked against scikit-learn on the same CSV. `heads install` against a local server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { ensurePython, PYTHON } from '../build/ensure-python';
import { parsePublishedHeads } from '../src/engine/head/published-heads';
import { parseAnyHeadPack } from '../src/engine/head/head-pack';
import { fuse } from '../src/engine/verdict/decide';
import { HeadStore } from '../src/node/head-store';
import { originlens, TINY_MODEL } from './support/cli';
import { writeFamilyDataset } from './support/families';

let dir: string;
let env: Record<string, string>;
let data: { train: string; labels: string };
let attributionHead: string;
let detector: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-heads-cli-'));
  env = { ORIGINLENS_HOME: join(dir, 'home') };
  data = await writeFamilyDataset(dir, 8, 6);
  attributionHead = join(dir, 'attribution.json');
  const trained = await originlens(['train', '--data', data.train, '--out', attributionHead, '--model', TINY_MODEL, '--feature', 'block2'], env);
  assert.equal(trained.code, 0, trained.stderr);
  // A detector in clip-cues' layout over the test encoder's 64-wide pooled token, saved by torch.
  assert.ok(ensurePython(), 'Debian python3-torch is needed to save a checkpoint');
  const ckpt = join(dir, 'probe.ckpt');
  const made = spawnSync(PYTHON, ['-c', `import torch
torch.manual_seed(7)
torch.save({'state_dict': {'model.classification_head.fc.weight': torch.randn(1, 64) * 3, 'model.classification_head.fc.bias': torch.zeros(1)}}, '${ckpt}')`]);
  assert.equal(made.status, 0, made.stderr.toString());
  detector = join(dir, 'probe.json');
  const converted = await originlens(['heads', 'convert', ckpt, '--out', detector, '--encoder', 'test-clip-tiny', '--feature', 'pooled', '--name', 'probe'], env);
  assert.equal(converted.code, 0, converted.stderr);
  assert.match(converted.stderr, /a detector with layers 64→1, reading pooled of test-clip-tiny/);
});
after(() => rm(dir, { recursive: true, force: true }));

const rowsOf = (file: string) => parse(readFileSync(file), { columns: true }) as Record<string, string>[];

test('two heads on one CSV: one column per head, and the combined LLR is their fusion', async () => {
  const out = join(dir, 'both.csv');
  const run = await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', out, '--model', TINY_MODEL, '--head', attributionHead, '--head', detector, '--fusion', 'max'], env);
  assert.equal(run.code, 0, run.stderr);
  const rows = rowsOf(out);
  const attributionPack = parseAnyHeadPack(JSON.parse(readFileSync(attributionHead, 'utf8'))).pack;
  const a = `llr_${attributionPack.id.replace(/@.*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
  assert.ok(a in rows[0]! && 'llr_probe' in rows[0]!, Object.keys(rows[0]!).join(','));
  assert.equal(rows.length, 30);
  for (const r of rows) {
    const fused = fuse([Number(r[a]), Number(r.llr_probe)], 'max');
    assert.ok(Math.abs(fused - Number(r.llr)) < 1e-6 * (1 + Math.abs(fused)), `${r.filename}: ${r.llr} against ${fused}`);
    assert.equal(Number(r.llr) > 0, ['generator', 'unknown-generator', 'synthetic'].includes(r.verdict!), `${r.filename}: ${r.verdict} with LLR ${r.llr}`);
  }
  // A threshold per head moves that head's margin alone.
  const raised = join(dir, 'raised.csv');
  const again = await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', raised, '--model', TINY_MODEL, '--head', attributionHead, '--head', detector, '--fusion', 'mean', '--threshold', 'probe=2.5', '--no_cache'], env);
  assert.equal(again.code, 0, again.stderr);
  for (const r of rowsOf(raised)) {
    const fused = fuse([Number(r[a]), Number(r.llr_probe) - 2.5], 'mean');
    assert.ok(Math.abs(fused - Number(r.llr)) < 1e-6 * (1 + Math.abs(fused)), `${r.filename}: ${r.llr} against ${fused}`);
  }
  const bad = await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', raised, '--model', TINY_MODEL, '--head', detector, '--threshold', 'nobody=1'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no head given is called "nobody" \(the heads are probe\)/);
});

test('heads that prepare images differently each read their own: a centre-crop detector beside a head that reads the encoder\'s resize', async () => {
  const cropDetector = join(dir, 'probecrop.json');
  const ckpt = join(dir, 'probe.ckpt');
  const converted = await originlens(['heads', 'convert', ckpt, '--out', cropDetector, '--encoder', 'test-clip-tiny', '--feature', 'pooled', '--preprocess', 'crop:224', '--name', 'probecrop'], env);
  assert.equal(converted.code, 0, converted.stderr);
  const run = async (name: string, heads: string[]) => {
    const out = join(dir, `${name}.csv`);
    const done = await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', out, '--model', TINY_MODEL, ...heads.flatMap((h) => ['--head', h])], env);
    assert.equal(done.code, 0, done.stderr);
    return new Map(rowsOf(out).map((r) => [r.filename!, r]));
  };
  const attributionPack = parseAnyHeadPack(JSON.parse(readFileSync(attributionHead, 'utf8'))).pack;
  const a = `llr_${attributionPack.id.replace(/@.*$/, '').replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
  const mixed = await run('mixed', [attributionHead, cropDetector]);
  // The same heads, each beside one that prepares images as it does.
  const resized = await run('resized', [attributionHead, detector]);
  const cropped = await run('cropped', [cropDetector]);
  let differ = 0;
  for (const [file, r] of mixed) {
    assert.equal(r[a], resized.get(file)![a], `${file}: the attribution head read the encoder's own resize`);
    assert.equal(r.llr_probecrop, cropped.get(file)!.llr_probecrop, `${file}: the detector read its centre crop`);
    if (r.llr_probecrop !== resized.get(file)!.llr_probe) differ++;
  }
  assert.ok(differ > 0, 'the crop is not the resize: the same weights score them differently');
});

test('the detection paper\'s CSV layout, and detection metrics equal to scikit-learn\'s on the same CSV', async () => {
  const clip = join(dir, 'clipdet.csv');
  const run = await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', clip, '--model', TINY_MODEL, '--head', detector, '--head', attributionHead, '--csv_format', 'clipdet'], env);
  assert.equal(run.code, 0, run.stderr);
  const header = readFileSync(clip, 'utf8').split('\n')[0]!.split(',');
  assert.deepEqual(header.slice(0, 2), ['filename', 'probe']);
  assert.equal(header.at(-1), 'fusion');
  assert.equal(header.length, 4);

  const ours = join(dir, 'ours.csv');
  assert.equal((await originlens(['attribute', '--in', join(dir, 'test'), '--out_csv', ours, '--model', TINY_MODEL, '--head', detector], env)).code, 0);
  const metrics = await originlens(['metrics', '--in_csv', data.labels, '--out_csv', ours, '--save', join(dir, 'm.csv')], env);
  assert.equal(metrics.code, 0, metrics.stderr);
  assert.match(metrics.stdout, /No attribution head: detection figures only/);
  const figures = new Map(rowsOf(join(dir, 'm.csv')).map((r) => [`${r.section}/${r.name}/${r.metric}`, Number(r.value)]));
  // scikit-learn, reading every column but filename as a detector's score, as the paper's tool does.
  const sk = spawnSync(PYTHON, ['-c', `import csv, json, sys
from sklearn.metrics import roc_auc_score
labels = {r['filename']: r['typ'] for r in csv.DictReader(open(sys.argv[1]))}
out = {}
for path in sys.argv[2:]:
    rows = list(csv.DictReader(open(path)))
    for col in [c for c in rows[0] if c == 'llr' or (path.endswith('clipdet.csv') and c != 'filename')]:
        for g in sorted(set(labels.values()) - {'real'}):
            sel = [r for r in rows if labels[r['filename']] in ('real', g)]
            out[path.split('/')[-1] + ':' + col + ':' + g] = roc_auc_score([labels[r['filename']] != 'real' for r in sel], [float(r[col]) for r in sel])
print(json.dumps(out))`, data.labels, ours, clip], { encoding: 'utf8' });
  assert.equal(sk.status, 0, sk.stderr);
  const auc = JSON.parse(sk.stdout) as Record<string, number>;
  let compared = 0;
  for (const g of ['stripes', 'blocks', 'speckle', 'unseen-rings']) {
    const mine = figures.get(`detection/${g}/auc`)!;
    assert.ok(Math.abs(mine - auc[`ours.csv:llr:${g}`]!) < 5e-5, `${g}: ${mine} against scikit-learn's ${auc[`ours.csv:llr:${g}`]}`);
    // The same detector's column in the paper's layout ranks the images the same way.
    assert.ok(Math.abs(auc[`clipdet.csv:probe:${g}`]! - auc[`ours.csv:llr:${g}`]!) < 1e-9);
    compared++;
  }
  assert.equal(compared, 4);
});

test('heads install downloads a pinned head, verifies and converts it; damaged bytes are refused', async () => {
  const univfd = parsePublishedHeads(JSON.parse(readFileSync('models/heads.json', 'utf8'))).find((h) => h.id === 'univfd')!;
  const bytes = readFileSync('test/fixtures/published-heads/univfd-fc_weights.pth');
  let serve: Buffer = bytes;
  const server: Server = createServer((_, res) => res.end(serve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fc_weights.pth`;
    const store = new HeadStore({ home: join(dir, 'store'), heads: [{ ...univfd, url }], retries: 0, retryDelayMs: 1 });
    const done = await store.install('univfd');
    assert.equal(done.downloaded, true);
    const pack = parseAnyHeadPack(JSON.parse(readFileSync(done.path, 'utf8'))).pack;
    assert.deepEqual([pack.kind, pack.encoder.id, pack.feature.name, pack.preprocess?.mode], ['detector', 'clip-vit-l14', 'embedding', 'crop']);
    assert.equal((await store.install('univfd')).downloaded, false, 'a second install finds it done');
    serve = Buffer.from(bytes.map((b, i) => (i === 100 ? b ^ 1 : b)));
    const other = new HeadStore({ home: join(dir, 'store2'), heads: [{ ...univfd, url }], retries: 0, retryDelayMs: 1 });
    await assert.rejects(other.install('univfd'), /cannot install head univfd: .*SHA-256/);
    assert.equal(await other.installed('univfd'), undefined, 'nothing installed');
  } finally {
    server.close();
  }
});
