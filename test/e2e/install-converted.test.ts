// An encoder the registry converts on install, installed from the options page in Chromium as a person
// would: the test build stands a small test checkpoint (ViT-L/14's patches and embedding on a small trunk,
// random weights, OpenCLIP's names in safetensors), served from 127.0.0.1, in for OpenAI's pinned ones.
// The download is dropped halfway and resumed; the checkpoint is hashed piece by piece, converted in the
// engine host through a ByteSource over the stored pieces, and must give exactly the bytes the command
// line's `models convert` gives for the same file (the same SHA-256); a verdict then runs on it. OpenAI's
// own format, a TorchScript archive written by torch.jit with float16 weights, converts the same way. And an
// installed export made as transformers.js's are (torch.onnx.export) is rewritten in the engine host with
// every block's output, to the bytes `models rewrite`'s code makes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensurePython, PYTHON } from '../../build/ensure-python';
import { makeTestHead } from '../../build/test-head';
import { bytesSource } from '../../src/engine/checkpoint';
import { CLIP_MEAN, CLIP_STD } from '../../src/engine/convert/converted-entry';
import { addBlockOutputs } from '../../src/engine/onnx/add-block-outputs';
import type { ClipVisionArchitecture } from '../../src/engine/onnx/clip-vision-graph';
import { convertCheckpointFile, type ConvertedFile } from '../../src/node/convert-checkpoint';
import { call } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { startModelServer, type ModelServer } from './support/model-server';
import { serveTestCheckpoint } from './support/test-checkpoint';
import { openOptions, screenshot } from './support/pages';
import { pageHtml, startServer, type TestServer } from './support/server';
import { until } from './support/shadow-ui';

const ID = 'test-clip-converted';
const FILE = 'open_clip_model.safetensors';
/** Several megabytes, so that tensors straddle the stored pieces (about 1 MiB each). */
const SHAPE: ClipVisionArchitecture = { imageSize: 224, patch: 14, width: 128, layers: 3, heads: 2, embedDim: 768, activation: 'quickgelu' };
const IMAGE = '/img/stripes-11.png';

describe('an encoder converted on install', { timeout: 240_000 }, () => {
  let browser: ExtensionBrowser;
  let server: ModelServer;
  let site: TestServer;
  let checkpoint: Buffer;
  let sha256: string;
  let cli: ConvertedFile;
  const dir = mkdtempSync(join(tmpdir(), 'originlens-install-converted-'));

  before(async () => {
    ({ bytes: checkpoint, sha256, cli, server } = await serveTestCheckpoint(dir, FILE, SHAPE, 7));
    site = await startServer({ '/page.html': pageHtml('Converted', [IMAGE]) });
    browser = await launchWithExtension('dist/chrome-test');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('downloaded with a resume, checked, converted to the bytes the command line makes, and judging', async (t) => {
    const options = await openOptions(browser);
    await options.evaluate(
      (pin) => localStorage.setItem('originlens.test.conversion', JSON.stringify(pin)),
      { url: server.url, sha256, file: FILE, weights: 'int8', activation: 'quickgelu' },
    );
    await options.reload();
    const row = options.locator(`li[data-encoder="${ID}"]`);
    await row.getByText('not installed', { exact: false }).waitFor();
    // The first request breaks off after 1.5 MB: the rest must come with one Range request.
    server.setMode({ kind: 'drop', after: 1_500_000 });
    await row.getByRole('button', { name: 'Install' }).click();
    await row.locator('[data-testid="download-progress"]').waitFor();
    await row.getByText(/Converted and installed: .*SHA-256 [0-9a-f]{64}/).waitFor({ timeout: 180_000 });
    await screenshot(options, 'options-converted-on-install.png', t);

    const ranges = server.log.map((r) => r.range);
    assert.deepEqual(ranges, [undefined, `bytes=${server.log[0]!.sent}-`], 'one first request and one resumed from what was kept');
    assert.equal(server.log.reduce((n, r) => n + r.sent, 0), checkpoint.byteLength, 'no byte fetched twice');

    const encoder = (await call(browser.worker, 'models.state', {})).encoders.find((e) => e.id === ID);
    assert.ok(encoder, 'installed');
    assert.equal(encoder.sha256, cli.entry.sha256, 'the extension made exactly the bytes `models convert` makes');
    assert.equal(encoder.bytes, cli.entry.bytes);
    assert.equal(encoder.test, true, 'a test checkpoint gives a test encoder');
    const stored = await browser.worker.evaluate(async (id) => {
      const d = (globalThis as unknown as { originlensTest: { db(): Record<string, { get(k: unknown): Promise<unknown>; count(): Promise<number> }> } }).originlensTest.db();
      const model = (await d.models!.get(id)) as { entry: { source: Record<string, string>; features: Record<string, unknown> } };
      return { source: model.entry.source, features: Object.keys(model.entry.features), downloads: await d.downloads!.count(), parts: await d.downloadParts!.count() };
    }, ID);
    assert.equal(stored.source.sha256, sha256, "the source's SHA-256 recorded beside the encoder's");
    assert.equal(stored.source.file, FILE);
    assert.deepEqual(stored.features, ['embedding', 'pooled', 'block1', 'block2', 'block3']);
    assert.deepEqual([stored.downloads, stored.parts], [0, 0], 'the checkpoint is deleted once converted');
    assert.equal((await call(browser.worker, 'models.verify', { id: ID })).ok, true);

    // A head made for this very encoder, then a verdict from it.
    await call(browser.worker, 'heads.import', { pack: makeTestHead({ ...cli.entry, id: ID }), source: 'test head' });
    const { tabId } = await openTab(browser, `${site.origin}/page.html`);
    const record = await until(async () => {
      const r = await call(browser.worker, 'image.attributeInTab', { url: `${site.origin}${IMAGE}`, tabId, priority: 'visible' });
      return r.verdict.kind === 'error' ? undefined : r;
    }, 'a verdict from the converted encoder');
    assert.equal(record.verdict.encoder, ID);
    assert.match(record.runtime ?? '', /onnxruntime-web/);
    await options.close();
  });

  test("OpenAI's own format, a TorchScript archive of half-precision weights, converts in the engine host to the bytes models convert makes", async () => {
    assert.ok(ensurePython(), 'Debian python3-torch is needed to make the archive');
    const made = spawnSync(PYTHON, ['build/make-clip-references.py', join(dir, 'openai'), '--config', 'tiny', '--only', 'openai'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const archive = readFileSync(join(dir, 'openai', 'openai.pt'));
    const expected = await convertCheckpointFile(join(dir, 'openai', 'openai.pt'), { out: join(dir, 'openai-cli.onnx'), weights: 'int8', activation: 'quickgelu' });
    const archiveServer = await startModelServer(archive, '/clip/ViT-B-16.pt');
    try {
      const options = await openOptions(browser);
      // Standing in for OpenAI's ViT-B/16 as the registry pins it: the same id, a test archive's address and hash.
      const standsFor = 'clip-vit-b16-openai-int8';
      await options.evaluate(
        (pin) => localStorage.setItem('originlens.test.conversion', JSON.stringify(pin)),
        { url: archiveServer.url, sha256: createHash('sha256').update(archive).digest('hex'), file: 'ViT-B-16.pt', weights: 'int8', activation: 'quickgelu', standsFor },
      );
      await options.reload();
      const row = options.locator(`li[data-encoder="${standsFor}"]`);
      await row.getByRole('button', { name: 'Install' }).click();
      await row.getByText(/Converted and installed: /).waitFor({ timeout: 120_000 });
      const encoder = (await call(browser.worker, 'models.state', {})).encoders.find((e) => e.id === standsFor);
      assert.equal(encoder?.sha256, expected.entry.sha256, 'the extension made exactly the bytes `models convert` makes from the archive');
      await options.close();
    } finally {
      await archiveServer.close();
    }
  });

  test("an installed export gains every block's output in the engine host, the bytes models rewrite makes", async () => {
    assert.ok(ensurePython(), 'Debian python3-torch is needed to make the export');
    const made = spawnSync(PYTHON, ['build/make-clip-references.py', dir, '--config', 'tiny', '--only', 'transformers'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const ref = JSON.parse(readFileSync(join(dir, 'references.json'), 'utf8')).transformers as { size: number; embed: number };
    const onnx = readFileSync(join(dir, 'transformers.onnx'));
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    // Its entry as a test model: test builds rewrite an installed test encoder as they would a pinned export.
    const entry = {
      id: 'test-clip-export',
      name: 'Test transformers export (random weights)',
      file: 'test-clip-export.onnx',
      bytes: onnx.byteLength,
      sha256,
      input: { name: 'pixel_values', size: ref.size, mean: CLIP_MEAN, std: CLIP_STD },
      features: { embedding: { output: 'image_embeds', dim: ref.embed } },
      licence: 'test model',
      test: true,
    };
    const options = await openOptions(browser);
    await options.locator('[data-testid="import-encoder"]').setInputFiles([
      { name: 'test-clip-export.onnx', mimeType: 'application/octet-stream', buffer: onnx },
      { name: 'test-clip-export.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(entry)) },
    ]);
    await options.locator('[data-testid="encoder-status"]').getByText(/Installed Test transformers export/).waitFor();

    const expected = createHash('sha256');
    const cli = await addBlockOutputs(bytesSource(onnx), (chunk) => {
      expected.update(chunk);
    });
    const blocks = await call(browser.worker, 'models.rewrite', { id: entry.id });
    assert.equal(blocks.id, 'test-clip-export-blocks');
    assert.equal(blocks.sha256, expected.digest('hex'), 'the engine host made exactly the bytes the command line makes');
    assert.equal(blocks.bytes, cli.bytes);
    const stored = await browser.worker.evaluate(async (id) => {
      const d = (globalThis as unknown as { originlensTest: { db(): Record<string, { get(k: unknown): Promise<unknown> }> } }).originlensTest.db();
      const model = (await d.models!.get(id)) as { entry: { derivedFrom: unknown; features: Record<string, unknown> } };
      return { derivedFrom: model.entry.derivedFrom, features: Object.keys(model.entry.features) };
    }, blocks.id);
    assert.deepEqual(stored.derivedFrom, { id: entry.id, sha256, rewrite: 'add-block-outputs' });
    assert.deepEqual(stored.features, ['embedding', 'pooled', ...Array.from({ length: cli.layers }, (_, i) => `block${i + 1}`)]);
    // Once made, the outputs are not added twice.
    await assert.rejects(call(browser.worker, 'models.rewrite', { id: blocks.id }), /already outputs the pooled token/);
    await options.close();
  });
});
