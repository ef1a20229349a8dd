// Training on GenImage's layout (<generator>/{train,val}/{ai,nature}) with a known/unknown split, as the
// open-set attribution paper's splits do: known generators become classes, unknown ones validate the
// open-set score.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { familyImage, type Family } from './support/families';
import { originlens, TINY_MODEL } from './support/cli';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const GENERATORS: Record<string, Family> = { stripes: 'stripes', blocks: 'blocks', speckle: 'speckle' };

test('GenImage layout: --known become classes, --unknown validates the open-set score, --per_class caps each class', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'originlens-genimage-'));
  made.push(dir);
  let seed = 0;
  for (const [generator, family] of Object.entries(GENERATORS)) {
    for (const [split, count] of [['train', 10], ['val', 4]] as const) {
      for (const [kind, fam] of [['ai', family], ['nature', 'smooth']] as const) {
        const folder = join(dir, 'genimage', generator, split, kind);
        await mkdir(folder, { recursive: true });
        for (let i = 0; i < count; i++) await writeFile(join(folder, `${seed}.png`), familyImage(fam, seed++));
      }
    }
  }
  const head = join(dir, 'head.json');
  const run = await originlens(
    ['train', '--data', join(dir, 'genimage'), '--out', head, '--model', TINY_MODEL, '--known', 'stripes,blocks', '--unknown', 'speckle', '--per_class', '8', '--feature', 'block3'],
    { ORIGINLENS_HOME: join(dir, 'home') },
  );
  assert.equal(run.code, 0, run.stderr);
  t.diagnostic(run.stdout.trim());
  const pack = JSON.parse(await readFile(head, 'utf8')) as {
    classes: string[];
    provenance: { examples: Record<string, number>; trainedOn: string; validation: Record<string, number> };
  };
  assert.deepEqual(pack.classes, ['real', 'stripes', 'blocks']);
  assert.deepEqual(pack.provenance.examples, { real: 8, stripes: 8, blocks: 8 });
  assert.match(pack.provenance.trainedOn, /genimage.*known: stripes, blocks; unknown in validation: speckle/);
  // Validation: 8 real + 4 + 4 known from val/, and speckle's images (val and train, capped at 8) as unknown.
  assert.ok(pack.provenance.validation.auroc! > 0.5, `validation AUROC ${pack.provenance.validation.auroc}`);
  assert.match(run.stdout, /AUROC known vs unknown/);
});

test('training refuses a generator that is not in the data, and data without real images', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'originlens-genimage-'));
  made.push(dir);
  await mkdir(join(dir, 'only-fakes', 'stripes'), { recursive: true });
  await writeFile(join(dir, 'only-fakes', 'stripes', '0.png'), familyImage('stripes', 0));
  const env = { ORIGINLENS_HOME: join(dir, 'home') };
  const noReal = await originlens(['train', '--data', join(dir, 'only-fakes'), '--out', join(dir, 'h.json'), '--model', TINY_MODEL], env);
  assert.notEqual(noReal.code, 0);
  assert.match(noReal.stderr, /no real images/);
  const absent = await originlens(['train', '--data', join(dir, 'only-fakes'), '--out', join(dir, 'h.json'), '--model', TINY_MODEL, '--known', 'dalle'], env);
  assert.notEqual(absent.code, 0);
  assert.match(absent.stderr, /no images of "dalle"/);
});
