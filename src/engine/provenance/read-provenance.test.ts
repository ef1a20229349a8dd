import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { useNodeProvenanceWasm } from '../../node/provenance-wasm';
import {
  IPTC_DST,
  jpegJumbfSegment,
  jpegWith,
  jumbfBox,
  pngWithText,
  pngXmpChunk,
  xmpPacket,
} from '../../../test/support/provenance-files';
import { inspectProvenance, readProvenance } from './read-provenance';
import { mayHoldCredentials } from './c2pa-reader';
import { MAX_XMP } from './file-metadata';
import { NOTHING_DECLARED } from './provenance-text';

useNodeProvenanceWasm();

const made = (name: string) => new Uint8Array(readFileSync(join('test/fixtures/provenance/made', name)));
const signed = (name: string) => new Uint8Array(readFileSync(join('test/fixtures/provenance/c2pa', name)));

// Each committed fixture, the kind it must give and the sentence a person reads.
const MADE: [string, string, string][] = [
  ['a1111-parameters.png', 'ai-declared', "Made with Stable Diffusion (AUTOMATIC1111): model sd_xl_base_1.0, 30 steps (the generator's own metadata in the file)."],
  ['a1111-usercomment.jpg', 'ai-declared', "Made with Stable Diffusion (AUTOMATIC1111): model sd_xl_base_1.0, 30 steps (the generator's own metadata in the file)."],
  ['comfyui-prompt-workflow.png', 'ai-declared', "Made with ComfyUI: model v1-5-pruned-emaonly, 20 steps (the generator's own metadata in the file)."],
  ['invokeai-metadata-itxt.png', 'ai-declared', "Made with InvokeAI: model stable-diffusion-xl-base-1-0, 25 steps (the generator's own metadata in the file)."],
  ['novelai-ztxt.png', 'ai-declared', "Made with NovelAI: model NovelAI Diffusion V3 4BDE2A90, 28 steps (the generator's own metadata in the file)."],
  ['xmp-trained.jpg', 'ai-declared', 'Declared AI-generated (IPTC digital source type trainedAlgorithmicMedia).'],
  ['xmp-trained.webp', 'ai-declared', 'Declared AI-generated (IPTC digital source type trainedAlgorithmicMedia).'],
  ['xmp-composite.png', 'ai-declared', 'Declared AI-generated (IPTC digital source type compositeWithTrainedAlgorithmicMedia).'],
  ['camera-exif.jpg', 'none', 'IPTC digital source type: digitalCapture (not a declaration of AI).'],
  ['camera-exif.webp', 'none', NOTHING_DECLARED],
  ['editor-software.png', 'none', NOTHING_DECLARED],
];

for (const [name, kind, detail] of MADE) {
  test(`${name}: ${kind}`, async () => {
    assert.deepEqual(await readProvenance(made(name)), { kind, detail });
  });
}

// Real files signed by the C2PA reference implementation's test suite (c2pa-rs, MIT/Apache-2.0).
const SIGNED: [string, string, string][] = [
  [
    'ocsp.jpg',
    'ai-declared',
    'Content Credentials: edited with generative AI (Adobe Firefly) in Adobe Photoshop (signed by Adobe Inc., per its certificate; signature valid).',
  ],
  ['C_with_CAWG_data.jpg', 'credentials', 'Content Credentials: captured by a camera (c2pa cawg test) (signed by C2PA Test Signing Cert, per its certificate; signature valid).'],
  ['CA.jpg', 'credentials', 'Content Credentials: edited in make_test_images (signed by C2PA Test Signing Cert, per its certificate; signature valid).'],
  ['XCA.jpg', 'invalid', 'Content Credentials present, but the signature does not match the image: it was changed after signing.'],
  ['E-sig-CA.jpg', 'invalid', 'Content Credentials present, but their signature is broken.'],
  ['C.jpg', 'credentials', 'Content Credentials: created in make_test_images (signed by C2PA Test Signing Cert, per its certificate; signature valid).'],
];

for (const [name, kind, detail] of SIGNED) {
  test(`c2pa ${name}: ${kind}`, async () => {
    assert.deepEqual(await readProvenance(signed(name)), { kind, detail });
  });
}

test('inspect lists what a file holds, in full when asked', async () => {
  const short = await inspectProvenance(made('a1111-parameters.png'));
  const full = await inspectProvenance(made('a1111-parameters.png'), { full: true });
  const value = (r: typeof full) => r.findings.find((f) => f.where === 'PNG text' && f.name === 'parameters')?.value;
  assert.match(value(full)!, /^a lighthouse on a cliff.*Version: v1\.7\.0$/s);
  assert.equal(value(short), value(full), 'a short value is the same either way');
  const camera = await inspectProvenance(made('camera-exif.jpg'));
  assert.deepEqual(
    camera.findings.filter((f) => f.where === 'EXIF').map((f) => `${f.name}=${f.value}`),
    ['Make=Canon', 'Model=Canon EOS R5', 'Software=Firmware Version 1.8.1'],
  );
  const ocsp = await inspectProvenance(signed('ocsp.jpg'), { full: true });
  assert.ok(ocsp.store && typeof ocsp.store === 'object' && 'manifests' in ocsp.store, 'the whole manifest store');
});

test('files without a manifest store never load the C2PA reader', () => {
  for (const [name] of MADE) assert.equal(mayHoldCredentials(made(name)), false, name);
  for (const [name] of SIGNED) assert.equal(mayHoldCredentials(signed(name)), true, name);
});

test('hostile: JUMBF boxes 1,000 deep are reported unreadable, not followed', async () => {
  const p = await readProvenance(made('jumbf-nested.jpg'));
  assert.equal(p.kind, 'unreadable');
  assert.match(p.detail, /^Content Credentials unreadable: .*NestingTooDeep/);
});

test('hostile: credentials cut short are unreadable, and the rest of the file still counts', async () => {
  const whole = signed('CA.jpg');
  const manifestAt = whole.findIndex((_, i) => whole[i] === 0xff && whole[i + 1] === 0xeb);
  const cut = whole.slice(0, manifestAt + 3000);
  const p = await readProvenance(cut);
  assert.ok(p.kind === 'unreadable' || p.kind === 'invalid', `${p.kind}: ${p.detail}`);
  assert.match(p.detail, /Content Credentials/);
});

test('hostile: a store whose manifest is junk is unreadable', async () => {
  const junk = jpegWith([jpegJumbfSegment(jumbfBox('c2pa', [jumbfBox('urn:uuid:x', [new Uint8Array(64).fill(0xee)], '63326d6100110010800000aa00389b71')]))]);
  const p = await readProvenance(junk);
  assert.equal(p.kind, 'unreadable', p.detail);
});

test('hostile: an XMP packet of 50 MB is not parsed, and says so', async () => {
  const huge = pngWithText([pngXmpChunk(xmpPacket({ digitalSourceType: `${IPTC_DST}trainedAlgorithmicMedia`, filler: 50 * 1024 * 1024 }))]);
  const p = await readProvenance(huge);
  assert.equal(p.kind, 'unreadable');
  assert.match(p.detail, new RegExp(`XMP unreadable: an XMP packet of 50\\.0 MB \\(more than ${MAX_XMP / 2 ** 20} MB\\) was not read`));
});

test('hostile: XMP that is not XML is unreadable; a parameters chunk without settings still declares', async () => {
  assert.equal((await readProvenance(made('xmp-broken.jpg'))).kind, 'unreadable');
  const bare = await readProvenance(pngWithText([{ type: 'tEXt', key: 'parameters', text: '' }]));
  assert.deepEqual(bare, { kind: 'ai-declared', detail: "Made with Stable Diffusion (AUTOMATIC1111) (the generator's own metadata in the file)." });
});

test('hostile: a compressed chunk that would inflate beyond the bound is left compressed; its key still declares', async () => {
  const bomb = pngWithText([{ type: 'zTXt', key: 'parameters', text: 'a'.repeat(64 * 1024 * 1024) }]);
  assert.ok(bomb.byteLength < 100_000, 'a 64 MB text in a small file');
  const report = await inspectProvenance(bomb, { full: true });
  assert.equal(report.kind, 'ai-declared');
  const value = report.findings.find((f) => f.name === 'parameters')?.value ?? '';
  assert.ok(value.length < 1000, `the text was not inflated (${value.length} characters)`);
  assert.deepEqual(report.findings.map((f) => f.name), ['parameters'], 'no header fields among the text chunks');
});

test('bytes that are no image at all declare nothing', async () => {
  assert.equal((await readProvenance(new Uint8Array(0))).kind, 'none');
  assert.equal((await readProvenance(new TextEncoder().encode('<html>c2pa\0</html>'))).kind, 'none');
});
