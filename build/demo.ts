// `npm run demo`: the command line's whole job on a fresh clone, with nothing to download. It makes four
// procedural image families and a fifth, unseen one, trains a head on 20 images per family with the tiny
// test encoder, attributes held-out images and prints both papers' metrics. Each command is printed first,
// so the demo doubles as a tour. The test encoder has random weights: its verdicts say nothing about real
// images, only that the pipeline learns.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFamilyDataset } from '../test/support/families';
import { BIN, TINY_MODEL } from '../test/support/cli';

const dir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'originlens-demo-')));
process.stdout.write(`Making procedural images under ${dir}\n`);
const data = await writeFamilyDataset(dir);
const head = join(dir, 'head.json');
const verdicts = join(dir, 'verdicts.csv');
// Features and models of the demo stay in its own folder, away from the person's cache.
const env = { ...process.env, ORIGINLENS_HOME: join(dir, 'home') };

const steps: [string, string[]][] = [
  [
    'First, a head: it learns to tell the four families apart ("real" stands for photos, the others for generators) from 20 images of each, as the open-set paper trains its probes.',
    ['train', '--data', data.train, '--out', head, '--model', TINY_MODEL],
  ],
  [
    'Then a verdict for each of 75 held-out images, a fifth family ("unseen-rings") among them that the head never saw. One CSV row per image; `ms` is the time it took, from reading the file to its features.',
    ['attribute', '--in_csv', data.labels, '--out_csv', verdicts, '--model', TINY_MODEL, '--head', head],
  ],
  ['Last, both papers\' metrics of those verdicts against the true labels.', ['metrics', '--in_csv', data.labels, '--out_csv', verdicts]],
];
for (const [what, args] of steps) {
  process.stdout.write(`\n${what}\n$ originlens ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

// What the run showed, in words, from the figures metrics saved.
const figures = new Map<string, number>(
  readFileSync(verdicts.replace(/\.csv$/, '.metrics.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map((cells): [string, number] => [cells.slice(0, 3).join('/'), Number(cells[3])]),
);
const pct = (key: string) => `${(100 * (figures.get(key) ?? Number.NaN)).toFixed(0)}%`;
process.stdout.write(
  `\nWhat this shows: the head put ${pct('attribution/all/closed_set_accuracy')} of the held-out images of known families in the right one; ` +
    `it ranked the "generated" families above the "real" one with a mean AUC of ${(figures.get('detection/mean/auc') ?? Number.NaN).toFixed(2)} (1 is perfect, 0.5 chance); ` +
    `and its open-set score told the unseen family from the known ones with an AUROC of ${(figures.get('open-set/all/auroc') ?? Number.NaN).toFixed(2)}. ` +
    'The encoder has random weights and the images are made up: this shows that the software learns and measures, not how well it would do on real generators.\n',
);
