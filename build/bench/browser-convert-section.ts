// Installing an encoder converted on install, in the extension in Chromium, from a checkpoint of ViT-L/14's
// size (random weights, OpenCLIP's names, safetensors float32, 1.2 GB) served from 127.0.0.1: the options
// page's Install, as a person clicks it, to the encoder installed. Timed in two parts, as the page shows
// them: the download into the database's pieces with its piece-by-piece SHA-256, then the engine host's
// conversion and install. The extension's renderer process (options page and engine host together) is
// sampled for their resident memory throughout (the sum of their VmRSS, which counts shared pages once per
// process, so only its growth from before Install is reported), set against the checkpoint and the output.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_CONFIGS, type TestConfigName } from '../../src/engine/onnx/test-encoder';
import { startModelServer } from '../../test/e2e/support/model-server';
import { openOptions } from '../../test/e2e/support/pages';
import { launch } from './browser-harness';
import { figure, type Figure, type Section } from './report';
import { writeRandomCheckpoint } from './random-checkpoint';

const LARGE = fileURLToPath(new URL('../../models/test/large/', import.meta.url));
const FILE = 'open_clip_model.safetensors';

/** Resident bytes of Chromium's extension renderer processes (the options page and the offscreen document). */
async function extensionRss(): Promise<number> {
  let total = 0;
  for (const pid of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!cmdline.includes('--extension-process')) continue;
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const browserConvertSection: Section = {
  id: 'browser-convert',
  title: 'Installing an encoder converted on install in Chromium (ViT-L/14-sized checkpoint, random weights)',
  async run(options) {
    const config: TestConfigName = options.quick ? 'tiny' : 'l14';
    mkdirSync(LARGE, { recursive: true });
    const source = join(LARGE, `random-${config}.safetensors`);
    options.log(`writing ${source} (if missing) ...`);
    await writeRandomCheckpoint(source, TEST_CONFIGS[config]);
    const checkpoint = readFileSync(source);
    const sha256 = await sha256File(source);
    const server = await startModelServer(checkpoint, `/${FILE}`);
    const figures: Figure[] = [];
    try {
      for (const weights of ['int8', 'float32'] as const) {
        // A fresh browser each: nothing of the previous install in its database or its memory.
        const browser = await launch();
        try {
          const page = await openOptions(browser);
          await page.evaluate((pin) => localStorage.setItem('originlens.test.conversion', JSON.stringify(pin)), { url: server.url, sha256, file: FILE, weights, activation: 'quickgelu' });
          await page.reload();
          const row = page.locator('li[data-encoder="test-clip-converted"]');
          await row.getByRole('button', { name: 'Install' }).waitFor();
          let peak = await extensionRss();
          const before = peak;
          let sampling = true;
          const sampler = (async () => {
            while (sampling) {
              peak = Math.max(peak, await extensionRss());
              await new Promise((r) => setTimeout(r, 200));
            }
          })();
          options.log(`install ${config} ${weights}: ${(checkpoint.byteLength / 2 ** 20).toFixed(0)} MiB checkpoint`);
          const start = performance.now();
          await row.getByRole('button', { name: 'Install' }).click();
          await row.locator('[data-phase="convert"]').waitFor({ timeout: 600_000 });
          const downloaded = performance.now();
          await row.getByText(/Converted and installed: /).waitFor({ timeout: 600_000 });
          const done = await row.getByText(/Converted and installed: /).textContent();
          const end = performance.now();
          sampling = false;
          await sampler;
          const out = Number(/([\d.]+) MB/.exec(done ?? '')?.[1] ?? NaN) * 1e6;
          const growth = peak - before;
          options.log(`${weights}: download and hash ${((downloaded - start) / 1000).toFixed(1)} s, convert and install ${((end - downloaded) / 1000).toFixed(1)} s, resident memory up to ${(growth / 2 ** 20).toFixed(0)} MiB above its level before Install`);
          figures.push(figure(`browser-convert/${config}/${weights}/download-and-hash`, [downloaded - start], 'ms', `${(checkpoint.byteLength / 2 ** 20).toFixed(0)} MiB from 127.0.0.1 into the database's pieces, hashed piece by piece`));
          figures.push(figure(`browser-convert/${config}/${weights}/convert-and-install`, [end - downloaded], 'ms', 'read through the pieces, converted, hashed, stored'));
          figures.push(
            figure(`browser-convert/${config}/${weights}/peak-rss-growth`, [growth / 2 ** 20], 'MiB', `the extension's renderer processes' resident memory above its ${(before / 2 ** 20).toFixed(0)} MiB before Install; output ${(out / 2 ** 20).toFixed(0)} MiB (${(growth / out).toFixed(2)}×), checkpoint ${(checkpoint.byteLength / 2 ** 20).toFixed(0)} MiB`),
          );
        } finally {
          await browser.close();
        }
      }
    } finally {
      await server.close();
    }
    return figures;
  },
};
