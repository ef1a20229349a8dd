// The first run with a detector whose encoder no one publishes as ONNX: clip-cues reads the pooled class
// token of OpenAI's ViT-L/14@336px, which the registry pins as a checkpoint to convert on install. The
// welcome page's one step downloads the checkpoint, has the engine host convert it, installs the real
// clip-cues head bytes on it and times it; a page's image then gets the detector's word. The test build
// stands a small checkpoint in for OpenAI's (ViT-L/14@336px's input, width and embedding on one block,
// random weights, OpenCLIP's names), served from 127.0.0.1 with the head.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { ClipVisionArchitecture } from '../../src/engine/onnx/clip-vision-graph';
import { call } from './support/background';
import { launchWithExtension, openTab, type ExtensionBrowser } from './support/browser';
import { startModelServer, type ModelServer } from './support/model-server';
import { serveTestCheckpoint } from './support/test-checkpoint';
import { screenshot } from './support/pages';
import { pageHtml, startServer, type TestServer } from './support/server';
import { until } from './support/shadow-ui';

const ENCODER = 'clip-vit-l14-336-openai-float32';
const HEAD = 'clipcues-linear-combined';
const HEAD_NAME = 'clip-cues linear probe (combined)';
/** What clip-cues reads: a 1024-wide pooled token of a 336-pixel input, here after one block. */
const SHAPE: ClipVisionArchitecture = { imageSize: 336, patch: 14, width: 1024, layers: 1, heads: 16, embedDim: 768, activation: 'quickgelu' };
const FILE = 'ViT-L-14-336px.safetensors';
const IMAGE = '/img/stripes-21.png';

describe('first run with a detector whose encoder is converted on install', { timeout: 300_000 }, () => {
  let browser: ExtensionBrowser;
  let checkpointServer: ModelServer;
  let headServer: ModelServer;
  let site: TestServer;
  let welcome: Page;
  let sha256: string;
  let cliSha256: string;
  const dir = mkdtempSync(join(tmpdir(), 'originlens-first-run-converted-'));

  before(async () => {
    const served = await serveTestCheckpoint(dir, FILE, SHAPE, 11);
    [sha256, cliSha256, checkpointServer] = [served.sha256, served.cli.entry.sha256, served.server];
    headServer = await startModelServer(readFileSync('test/fixtures/published-heads/clipcues-linear_probe_combined.ckpt'), '/linear_probe_combined.ckpt');
    site = await startServer({ '/page.html': pageHtml('A page', [IMAGE]) });
    browser = await launchWithExtension('dist/chrome-test', [], undefined, { keepWelcome: true });
  });

  after(async () => {
    await browser?.close();
    await checkpointServer?.close();
    await headServer?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('one step downloads the checkpoint, converts it here, installs the head and times it', async (t) => {
    const welcomeUrl = `chrome-extension://${browser.extensionId}/welcome.html`;
    welcome = await until(async () => browser.context.pages().find((p) => p.url() === welcomeUrl), 'the welcome page to open on install');
    await welcome.evaluate(
      ({ conversion, heads }) => {
        localStorage.setItem('originlens.test.conversion', JSON.stringify(conversion));
        localStorage.setItem('originlens.test.headUrls', JSON.stringify(heads));
      },
      {
        conversion: { url: checkpointServer.url, sha256, file: FILE, weights: 'int8', activation: 'quickgelu', standsFor: ENCODER },
        heads: { [HEAD]: headServer.url },
      },
    );
    await welcome.setViewportSize({ width: 900, height: 1200 });
    await welcome.reload();
    const card = welcome.getByTestId(`detector-${HEAD}`);
    // The stand-in is int8, so the encoder to be made is about a quarter of OpenAI's float32 conversion.
    assert.match(await card.getByTestId('download-size').innerText(), new RegExp(`^Download: the checkpoint ${FILE.replace('.', '\\.')} \\(its size is not published, its SHA-256 is, and is checked\\) and the head \\(0\\.01 MB\\); the checkpoint is converted on this computer into an encoder of about 304 MB, then deleted\\.$`));
    await card.getByRole('button', { name: /^Install clip-cues linear probe/ }).click();

    // Each phase is named while it runs: the download, then the conversion.
    const seen = new Set<string>();
    await until(async () => {
      const text = await welcome.getByTestId('installing').innerText().catch(() => '');
      if (/Downloading the checkpoint/.test(text)) seen.add('download');
      if (/Converting the checkpoint into the encoder, on this computer/.test(text)) seen.add('convert');
      return (await welcome.getByTestId('installed').count()) > 0 || (await welcome.getByTestId('install-failed').count()) > 0 ? true : undefined;
    }, 'the install to end', 240_000);
    assert.equal(await welcome.getByTestId('install-failed').count(), 0, await welcome.locator('main').innerText());
    assert.ok(seen.has('convert'), `phases seen: ${[...seen].join(', ')}`);
    const measured = await welcome.getByTestId('measured').innerText();
    assert.match(measured, /^\d+(\.\d+)? s per image$/);
    t.diagnostic(`measured on this machine (one-block stand-in): ${measured}`);
    await screenshot(welcome, 'first-run-converted-done.png', t);

    const state = await call(browser.worker, 'models.state', {});
    const encoder = state.encoders.find((e) => e.id === ENCODER);
    assert.ok(encoder, 'the converted encoder is installed under the registry id the head names');
    assert.equal(encoder.sha256, cliSha256, 'the extension made exactly the bytes `models convert` makes');
    assert.equal(state.heads.length, 1);
    assert.deepEqual([state.heads[0]!.kind, state.heads[0]!.name], ['detector', HEAD_NAME]);
    assert.deepEqual(state.active, { encoder: ENCODER, head: state.heads[0]!.id });
    const stored = await browser.worker.evaluate(async (id) => {
      const d = (globalThis as unknown as { originlensTest: { db(): Record<string, { get(k: unknown): Promise<unknown>; count(): Promise<number> }> } }).originlensTest.db();
      const model = (await d.models!.get(id)) as { entry: { source: { sha256: string } } };
      return { source: model.entry.source.sha256, downloads: await d.downloads!.count(), parts: await d.downloadParts!.count() };
    }, ENCODER);
    assert.equal(stored.source, sha256, "the checkpoint's SHA-256 is kept beside the encoder's");
    assert.deepEqual([stored.downloads, stored.parts], [0, 0], 'the checkpoint is deleted once converted');
  });

  test("then an image gets clip-cues' word", async () => {
    const { tabId } = await openTab(browser, `${site.origin}/page.html`);
    const record = await until(async () => {
      const r = await call(browser.worker, 'image.attributeInTab', { url: `${site.origin}${IMAGE}`, tabId, priority: 'visible' });
      return r.verdict.kind === 'error' ? undefined : r;
    }, 'a verdict from the converted encoder', 120_000);
    const v = record.verdict;
    assert.ok(v.kind === 'real' || v.kind === 'synthetic', `${v.kind}: ${v.reason}`);
    assert.equal(v.encoder, ENCODER);
    assert.deepEqual(v.evidence?.map((e) => [e.kind, e.name]), [['detector', HEAD_NAME]]);
    assert.ok(Number.isFinite(v.evidence![0]!.llr));
  });
});
