// Provenance through the command line: `attribute` adds what each file declares beside the model's verdict,
// never in its place, and `inspect` prints everything found, with no model at all. Hostile metadata is
// reported as unreadable while the verdict goes on.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { familyImage } from './support/families';
import { originlens, TINY_MODEL } from './support/cli';
import { IPTC_DST, pngWithText, pngXmpChunk, xmpPacket } from './support/provenance-files';

/** Temporary folders the tests made, removed when they end. */
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));

const MADE = 'test/fixtures/provenance/made';
const SIGNED = 'test/fixtures/provenance/c2pa';
let dir: string;
let env: Record<string, string>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'originlens-provenance-'));
  made.push(dir);
  env = { ORIGINLENS_HOME: join(dir, 'home') };
});

test('attribute: provenance columns beside the verdict, for generated, signed, tampered, plain and hostile files', async () => {
  for (const [label, family] of [['real', 'smooth'], ['stripes', 'stripes']] as const) {
    await mkdir(join(dir, 'train', label), { recursive: true });
    for (let i = 0; i < 6; i++) await writeFile(join(dir, 'train', label, `${i}.png`), familyImage(family, i));
  }
  const head = join(dir, 'head.json');
  const trained = await originlens(['train', '--data', join(dir, 'train'), '--out', head, '--model', TINY_MODEL, '--feature', 'block2'], env);
  assert.equal(trained.code, 0, trained.stderr);

  const images = join(dir, 'images');
  await mkdir(images, { recursive: true });
  for (const name of ['a1111-parameters.png', 'xmp-trained.jpg', 'camera-exif.jpg', 'jumbf-nested.jpg']) await copyFile(join(MADE, name), join(images, name));
  for (const name of ['ocsp.jpg', 'C_with_CAWG_data.jpg', 'XCA.jpg']) await copyFile(join(SIGNED, name), join(images, name));
  await writeFile(join(images, 'plain.png'), familyImage('stripes', 50));
  // 50 MB of XMP: not parsed, reported, and the image still gets its verdict.
  await writeFile(join(images, 'xmp-50mb.png'), pngWithText([pngXmpChunk(xmpPacket({ digitalSourceType: `${IPTC_DST}trainedAlgorithmicMedia`, filler: 50 * 1024 * 1024 }))]));

  const out = join(dir, 'verdicts.csv');
  const run = await originlens(['attribute', '--in', images, '--out_csv', out, '--model', TINY_MODEL, '--head', head], env);
  assert.equal(run.code, 0, run.stderr);
  const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
  const row = (name: string) => rows.find((r) => r.filename!.endsWith(name))!;
  const expected: Record<string, [string, RegExp]> = {
    'a1111-parameters.png': ['ai-declared', /^Made with Stable Diffusion \(AUTOMATIC1111\): model sd_xl_base_1\.0, 30 steps/],
    'xmp-trained.jpg': ['ai-declared', /^Declared AI-generated \(IPTC digital source type trainedAlgorithmicMedia\)\.$/],
    'ocsp.jpg': ['ai-declared', /^Content Credentials: edited with generative AI \(Adobe Firefly\) in Adobe Photoshop/],
    'C_with_CAWG_data.jpg': ['credentials', /^Content Credentials: captured by a camera/],
    'XCA.jpg': ['invalid', /^Content Credentials present, but the signature does not match the image/],
    'camera-exif.jpg': ['none', /digitalCapture \(not a declaration of AI\)/],
    'plain.png': ['none', /declares nothing about its origin/],
    'jumbf-nested.jpg': ['unreadable', /^Content Credentials unreadable/],
    'xmp-50mb.png': ['unreadable', /XMP unreadable: an XMP packet of 50\.0 MB/],
  };
  for (const [name, [kind, detail]] of Object.entries(expected)) {
    const r = row(name);
    assert.equal(r.provenance, kind, `${name}: ${r.provenance_detail}`);
    assert.match(r.provenance_detail!, detail, name);
    // The model's verdict is there whatever the file declares: provenance never replaces it.
    assert.ok(['real', 'generator', 'unknown-generator', 'unplaced'].includes(r.verdict!), `${name} has a verdict (${r.verdict}: ${r.reason})`);
    assert.notEqual(r.llr, '', `${name} has an LLR`);
  }
});

test('inspect: every finding in full, the manifest store, and no model needed', async () => {
  const run = await originlens(['inspect', join(MADE, 'comfyui-prompt-workflow.png'), join(SIGNED, 'ocsp.jpg'), join(MADE, 'camera-exif.jpg')], env);
  assert.equal(run.code, 0, run.stderr);
  const [comfy, ocsp, camera] = run.stdout.trim().split('\n\n');
  assert.match(comfy!, /provenance: ai-declared\n {2}Made with ComfyUI: model v1-5-pruned-emaonly, 20 steps/);
  // The prompt graph in full, not cut short.
  assert.match(comfy!, /PNG text prompt: \{"3":\{"class_type":"KSampler".*"CLIPTextEncode","inputs":\{"text":"a red fox in snow"/);
  assert.match(comfy!, /PNG text workflow: \{"last_node_id":9/);
  assert.match(ocsp!, /provenance: ai-declared/);
  assert.match(ocsp!, /Content Credentials, the manifest store as the C2PA reader gives it:/);
  assert.match(ocsp!, /"softwareAgent": "Adobe Firefly"/);
  assert.match(ocsp!, /"code": "claimSignature\.validated"/, 'the reader\'s statuses are all there');
  assert.match(camera!, /provenance: none\n.*\n {2}evidence:\n {4}iptc: IPTC digital source type: digitalCapture/);
  assert.match(camera!, /EXIF Make: Canon\n {4}EXIF Model: Canon EOS R5/);
});

test('inspect: a file that cannot be read is named with its reason, the others carry on, and the status says so', async () => {
  const run = await originlens(['inspect', join(dir, 'missing.png'), join(MADE, 'xmp-trained.webp')], env);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /originlens inspect: .*missing\.png: cannot read file: file not found/);
  assert.doesNotMatch(run.stderr, /at .*\.(ts|mjs):\d+/, 'no stack trace');
  assert.match(run.stdout, /xmp-trained\.webp\n {2}provenance: ai-declared/);
  const json = await originlens(['inspect', '--json', join(MADE, 'novelai-ztxt.png')], env);
  assert.equal(json.code, 0, json.stderr);
  const [report] = JSON.parse(json.stdout) as { kind: string; evidence: { tool: string; steps: number }[] }[];
  assert.equal(report!.kind, 'ai-declared');
  assert.deepEqual([report!.evidence[0]!.tool, report!.evidence[0]!.steps], ['NovelAI', 28]);
  const none = await originlens(['inspect'], env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /give one or more image files/);
});
