// Learning itself, end to end through the command line: four procedural families, 20 images each, a head
// trained with the tiny test encoder, then held-out images of those families and of a fifth one never seen.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { UNSEEN_FAMILY, writeFamilyDataset } from './support/families';
import { originlens, TINY_MODEL } from './support/cli';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

test('a head trained on 20 images per family attributes held-out images and flags an unseen family', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'originlens-learning-'));
  made.push(dir);
  const env = { ORIGINLENS_HOME: join(dir, 'home') };
  const data = await writeFamilyDataset(dir);
  const labels = data.labels;
  const head = join(dir, 'head.json');
  const trained = await originlens(['train', '--data', data.train, '--out', head, '--model', TINY_MODEL], env);
  assert.equal(trained.code, 0, trained.stderr);

  const out = join(dir, 'verdicts.csv');
  const attributed = await originlens(['attribute', '--in_csv', labels, '--out_csv', out, '--model', TINY_MODEL, '--head', head], env);
  assert.equal(attributed.code, 0, attributed.stderr);

  const metrics = await originlens(['metrics', '--in_csv', labels, '--out_csv', out, '--save', join(dir, 'metrics.csv')], env);
  assert.equal(metrics.code, 0, metrics.stderr);
  const figures = parse(await readFile(join(dir, 'metrics.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  const figure = (metric: string) => Number(figures.find((f) => f.metric === metric)?.value);
  const accuracy = figure('closed_set_accuracy');
  const auroc = figure('auroc');

  const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
  const unknownRate = (unseen: boolean) => {
    const picked = rows.filter((r) => r.filename!.startsWith(UNSEEN_FAMILY.label) === unseen);
    return picked.filter((r) => r.verdict === 'unknown-generator').length / picked.length;
  };
  t.diagnostic(`closed-set accuracy ${accuracy}, AUROC unseen vs known ${auroc}, unknown-generator rate: unseen ${unknownRate(true)}, known ${unknownRate(false)}`);
  t.diagnostic(trained.stdout.trim());
  assert.ok(accuracy >= 0.9, `closed-set accuracy ${accuracy}`);
  assert.ok(unknownRate(true) > unknownRate(false), 'the unseen family is flagged as unknown more often than the known ones');
  assert.ok(auroc > 0.5, `AUROC ${auroc}`);

  // The second run finds every feature in the disk cache and reaches the same verdicts.
  const again = await originlens(['attribute', '--in_csv', labels, '--out_csv', join(dir, 'again.csv'), '--model', TINY_MODEL, '--head', head], env);
  assert.match(again.stderr, /75 images in .* \(75 features from the cache\)/);
  const againRows = parse(await readFile(join(dir, 'again.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(againRows.map((r) => r.verdict), rows.map((r) => r.verdict));
});
