// `npm run demo`: the command line's whole job on a fresh clone, with nothing to download. It makes four
// procedural image families and a fifth, unseen one, trains a head on 20 images per family with the tiny
// test encoder, attributes held-out images and prints both papers' metrics. Each command is printed first,
// so the demo doubles as a tour. The test encoder has random weights: its verdicts say nothing about real
// images, only that the pipeline learns.
import { spawnSync } from 'node:child_process';
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

for (const args of [
  ['train', '--data', data.train, '--out', head, '--model', TINY_MODEL],
  ['attribute', '--in_csv', data.labels, '--out_csv', verdicts, '--model', TINY_MODEL, '--head', head],
  ['metrics', '--in_csv', data.labels, '--out_csv', verdicts],
]) {
  process.stdout.write(`\n$ originlens ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
