// The published detector heads, converted to head packs, against their authors' modules run in PyTorch
// (build/head-references.py) on the same random features: one logit each, within 1e-5.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ensurePython, PYTHON } from '../build/ensure-python';
import { headMisfit } from '../src/engine/head/fits-encoder';
import { isDetector, parseAnyHeadPack, type DetectorHead } from '../src/engine/head/head-pack';
import { convertDetector, convertPublishedHead, parsePublishedHeads, PublishedHeadError } from '../src/engine/head/published-heads';
import { detectorLlr } from '../src/engine/verdict/evidence';
import { sha256Hex } from '../src/engine/hash';

const FIXTURES = 'test/fixtures/published-heads';
const published = parsePublishedHeads(JSON.parse(readFileSync('models/heads.json', 'utf8')), 'models/heads.json');
const dir = mkdtempSync(join(tmpdir(), 'originlens-heads-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Reference {
  path: string;
  features: number[][];
  logits: number[];
}

function references(): Record<string, Reference> {
  assert.ok(ensurePython(), 'Debian python3-torch is needed to run the authors\' modules');
  const made = spawnSync(PYTHON, ['build/head-references.py', FIXTURES, dir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return JSON.parse(readFileSync(join(dir, 'references.json'), 'utf8')) as Record<string, Reference>;
}

test('every published head gives the logit its authors\' module gives, within 1e-5', async () => {
  const refs = references();
  assert.equal(Object.keys(refs).length, 8, 'seven published files and one made in the CLIP-based detector\'s layout');
  const worst: Record<string, number> = {};
  for (const [name, ref] of Object.entries(refs)) {
    const bytes = new Uint8Array(readFileSync(ref.path));
    const sha = await sha256Hex(bytes);
    const pin = published.find((h) => h.sha256 === sha);
    const pack = pin
      ? await convertPublishedHead(bytes, pin, 'test')
      : await convertDetector(bytes, { ...published.find((h) => h.id === 'clipdet-latent10k')!, id: 'clipdet-made' }, 'test');
    if (name !== 'clipdet-made.pth') assert.ok(pin, `${name} is pinned in models/heads.json`);
    const head = parseAnyHeadPack(JSON.parse(JSON.stringify(pack)), name);
    assert.ok(isDetector(head));
    let diff = 0;
    ref.features.forEach((f, i) => {
      const llr = detectorLlr(head as DetectorHead, { [head.pack.feature.name]: Float32Array.from(f) });
      diff = Math.max(diff, Math.abs(llr - ref.logits[i]!));
    });
    worst[name] = diff;
    assert.ok(diff < 1e-5, `${name}: worst difference ${diff}`);
  }
  console.log(`worst |logit − PyTorch's| per head: ${JSON.stringify(worst)}`);
});

test('the pins: every fixture is the file its entry pins; a file that is not is refused', async () => {
  const univfd = published.find((h) => h.id === 'univfd')!;
  const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'univfd-fc_weights.pth')));
  assert.equal(await sha256Hex(bytes), univfd.sha256);
  assert.equal(bytes.byteLength, univfd.bytes);
  const changed = bytes.slice();
  changed[changed.length - 30]! ^= 1;
  await assert.rejects(convertPublishedHead(changed, univfd, 'test'), /not the pinned 4083 bytes/);
  assert.equal(published.filter((h) => h.recommended).length, 1, 'one recommended detector');
  for (const h of published) assert.ok(h.figures.every((f) => f.source.length > 0), `${h.id}: every figure says where it was published`);
});

test('a checkpoint that is no known detector is refused with what it holds', async () => {
  const licence = new Uint8Array(readFileSync(join(FIXTURES, 'univfd-LICENSE')));
  await assert.rejects(convertDetector(licence, { ...published[0]!, id: 'x' }, 'test'), /neither a PyTorch zip archive nor a safetensors file/);
  assert.ok(ensurePython());
  const made = spawnSync(PYTHON, ['-c', `import torch; torch.save({'encoder.weight': torch.zeros(3, 4)}, '${join(dir, 'other.pth')}')`]);
  assert.equal(made.status, 0);
  await assert.rejects(convertDetector(new Uint8Array(readFileSync(join(dir, 'other.pth'))), { ...published[0]!, id: 'x' }, 'test'), (err: unknown) => {
    assert.ok(err instanceof PublishedHeadError);
    assert.match(err.message, /not a detector head OriginLens knows .* it holds encoder\.weight/);
    return true;
  });
});

test('a detector that does not fit the encoder says what to install', async () => {
  const univfd = published.find((h) => h.id === 'univfd')!;
  const pack = await convertPublishedHead(new Uint8Array(readFileSync(join(FIXTURES, 'univfd-fc_weights.pth'))), univfd, 'test');
  const l14 = { id: 'clip-vit-l14', sha256: 'a'.repeat(64), features: { embedding: { output: 'image_embeds', dim: 768 } }, input: { size: 224 } };
  assert.equal(headMisfit(pack, l14), undefined);
  assert.match(headMisfit(pack, { ...l14, id: 'clip-vit-b32' })!.message, /reads encoder clip-vit-l14, but the encoder in use is clip-vit-b32: install clip-vit-l14/);
  assert.match(headMisfit(pack, { ...l14, features: { embedding: { output: 'image_embeds', dim: 512 } } })!.message, /reads 768 numbers of feature "embedding", which has 512/);
  assert.match(headMisfit(pack, { ...l14, features: {} })!.message, /reads feature "embedding", which encoder clip-vit-l14 does not produce/);
  assert.equal(headMisfit({ ...pack, preprocess: { mode: 'resize-crop', size: 336 } }, l14)?.kind, 'preprocess');
});
