// An encoder converted on install, in Firefox: there the background page is the engine host, so the
// conversion runs in the page that also routes every message, and the checkpoint's pieces and the encoder
// are Blobs in Firefox's IndexedDB. The options page's Install, as a person clicks it, downloads a small
// test checkpoint from 127.0.0.1; the result must be the bytes the command line makes from the same file,
// and it must give a verdict.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTestHead } from '../../build/test-head';
import type { ClipVisionArchitecture } from '../../src/engine/onnx/clip-vision-graph';
import type { ConvertedFile } from '../../src/node/convert-checkpoint';
import { type FirefoxExtension, launchFirefox } from './support/firefox';
import type { ModelServer } from './support/model-server';
import { serveTestCheckpoint } from './support/test-checkpoint';
import { pageHtml, startServer, type TestServer } from './support/server';
import { until } from './support/shadow-ui';

const ID = 'test-clip-converted';
const FILE = 'open_clip_model.safetensors';
/** Several megabytes, so that tensors straddle the stored pieces. */
const SHAPE: ClipVisionArchitecture = { imageSize: 224, patch: 14, width: 128, layers: 3, heads: 2, embedDim: 768, activation: 'quickgelu' };
const IMAGE = '/img/blocks-31.png';

describe('an encoder converted on install, in Firefox', { timeout: 240_000 }, () => {
  let ff: FirefoxExtension;
  let server: ModelServer;
  let site: TestServer;
  let sha256: string;
  let cli: ConvertedFile;
  const dir = mkdtempSync(join(tmpdir(), 'originlens-firefox-convert-'));

  before(async () => {
    ({ sha256, cli, server } = await serveTestCheckpoint(dir, FILE, SHAPE, 5));
    site = await startServer({ '/page.html': pageHtml('Converted', [IMAGE]) });
    ff = await launchFirefox();
  });

  after(async () => {
    await ff?.close();
    await server?.close();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('Install downloads, converts in the background page to the bytes models convert makes, and judges', async () => {
    // The options page reads the test build's stand-in from the extension's localStorage, which the
    // background page shares.
    await ff.hook('localStorage', 'setItem', 'originlens.test.conversion', JSON.stringify({ url: server.url, sha256, file: FILE, weights: 'int8', activation: 'quickgelu' }));
    await ff.openExtensionPage('options.html');
    const row = `li[data-encoder="${ID}"]`;
    await until(async () => ((await ff.ui('options.html', { query: `${row} button` }))?.[0]?.text === 'Install' ? true : undefined), 'the conversion row');
    await ff.ui('options.html', { click: `${row} button` });
    const done = await until(async () => {
      const text = (await ff.ui('options.html', { query: `${row} [data-testid="download-status"]` }))?.[0]?.text;
      return text !== undefined && !/^Resuming/.test(text) ? text : undefined;
    }, 'the install to end', 180_000);
    assert.match(done, /^Converted and installed: .*SHA-256 [0-9a-f]{64}\.$/);

    const encoder = (await ff.call('models.state', {})).encoders.find((e) => e.id === ID);
    assert.ok(encoder, 'installed');
    assert.equal(encoder.sha256, cli.entry.sha256, 'Firefox made exactly the bytes `models convert` makes');
    assert.equal((await ff.call('models.verify', { id: ID })).ok, true, 'the stored Blob hashes to its entry');

    await ff.call('heads.import', { pack: makeTestHead({ ...cli.entry, id: ID }), source: 'test head' });
    const { tabId } = await ff.openTab(`${site.origin}/page.html`);
    const record = await ff.clickMenu(`${site.origin}${IMAGE}`, tabId);
    assert.notEqual(record.verdict.kind, 'error', record.verdict.reason);
    assert.equal(record.verdict.encoder, ID);
  });
});
