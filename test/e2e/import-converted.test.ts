// An encoder the command line converted, imported into the extension from its .onnx and the entry
// `models convert` wrote beside it: installed when the file is what the entry says, refused otherwise.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeRandomCheckpoint } from '../../build/bench/random-checkpoint';
import { TEST_CONFIGS } from '../../src/engine/onnx/test-encoder';
import { convertCheckpointFile } from '../../src/node/convert-checkpoint';
import { call } from './support/background';
import { type ExtensionBrowser, launchWithExtension } from './support/browser';
import { openOptions, screenshot } from './support/pages';

describe('importing a converted encoder', { timeout: 120_000 }, () => {
  let browser: ExtensionBrowser;
  const dir = mkdtempSync(join(tmpdir(), 'originlens-import-converted-'));
  let onnx: Buffer;
  let json: Buffer;
  let id: string;

  before(async () => {
    // A tiny checkpoint in OpenCLIP's names, converted as a person would with `models convert`.
    const source = join(dir, 'open_clip_model.safetensors');
    await writeRandomCheckpoint(source, TEST_CONFIGS.tiny, 3);
    const converted = await convertCheckpointFile(source, { out: join(dir, 'tiny-converted.onnx'), weights: 'int8', activation: 'gelu' });
    id = converted.entry.id;
    onnx = readFileSync(join(dir, 'tiny-converted.onnx'));
    json = readFileSync(converted.entryPath);
    browser = await launchWithExtension('dist/chrome-test');
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('installed with its entry when the bytes match it, refused when they do not', async (t) => {
    const options = await openOptions(browser);
    const input = options.locator('[data-testid="import-encoder"]');
    const status = options.locator('[data-testid="encoder-status"]');
    const damaged = Buffer.from(onnx);
    damaged[damaged.length - 10] = damaged[damaged.length - 10]! ^ 0xff;
    await input.setInputFiles([
      { name: 'tiny-converted.onnx', mimeType: 'application/octet-stream', buffer: damaged },
      { name: 'tiny-converted.json', mimeType: 'application/json', buffer: json },
    ]);
    await status.getByText(/Not installed: "tiny-converted\.onnx" is not the encoder "tiny-converted\.json" describes/).waitFor();
    // Without its entry, a converted file is no encoder the registry knows.
    await input.setInputFiles([{ name: 'tiny-converted.onnx', mimeType: 'application/octet-stream', buffer: onnx }]);
    await status.getByText(/Not installed: "tiny-converted\.onnx" is none of the encoders/).waitFor();
    assert.equal((await call(browser.worker, 'models.state', {})).encoders.length, 0, 'nothing refused was stored');

    await input.setInputFiles([
      { name: 'tiny-converted.onnx', mimeType: 'application/octet-stream', buffer: onnx },
      { name: 'tiny-converted.json', mimeType: 'application/json', buffer: json },
    ]);
    await status.getByText(/Installed .*converted from open_clip_model\.safetensors.*: its SHA-256 matches the entry "tiny-converted\.json"/).waitFor();
    await options.locator(`[data-encoder="${id}"]`).getByText('installed', { exact: false }).waitFor();
    const state = await call(browser.worker, 'models.state', {});
    assert.deepEqual(state.encoders.map((e) => e.id), [id]);
    await screenshot(options, 'options-converted-encoder.png', t);
    await options.close();
  });
});
