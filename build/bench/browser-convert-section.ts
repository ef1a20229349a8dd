// Installing an encoder converted on install, in the extension in Chromium, from a checkpoint of ViT-L/14's
// size (random weights, OpenCLIP's names, safetensors float32, 1.2 GB) served from 127.0.0.1: the options
// page's Install, as a person clicks it, to the encoder installed. Timed in two parts, as the page shows
// them: the download into the database's pieces with its piece-by-piece SHA-256, then the engine host's
// conversion and install. The extension's renderer process (options page and engine host together) is
// sampled for their resident memory throughout (the sum of their VmRSS, which counts shared pages once per
// process, so only its growth from before Install is reported), set against the checkpoint and the output.
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { TestConfigName } from '../../src/engine/onnx/test-encoder';
import { startModelServer } from '../../test/e2e/support/model-server';
import { openOptions } from '../../test/e2e/support/pages';
import { launch } from './browser-harness';
import { figure, type Figure, type Section } from './report';
import { benchCheckpoint } from './random-checkpoint';

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
    const source = await benchCheckpoint(config, options.log);
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
          // The peak of each phase, above the level before Install: the download, then the conversion.
          const before = await extensionRss();
          const peaks = { download: before, convert: before };
          let phase: keyof typeof peaks = 'download';
          let sampling = true;
          const sampler = (async () => {
            while (sampling) {
              const rss = await extensionRss();
              peaks[phase] = Math.max(peaks[phase], rss);
              await new Promise((r) => setTimeout(r, 200));
            }
          })();
          options.log(`install ${config} ${weights}: ${(checkpoint.byteLength / 2 ** 20).toFixed(0)} MiB checkpoint`);
          const start = performance.now();
          await row.getByRole('button', { name: 'Install' }).click();
          await row.locator('[data-phase="convert"]').waitFor({ timeout: 600_000 });
          phase = 'convert';
          const downloaded = performance.now();
          await row.getByText(/Converted and installed: /).waitFor({ timeout: 600_000 });
          const done = await row.getByText(/Converted and installed: /).textContent();
          const end = performance.now();
          sampling = false;
          await sampler;
          const out = Number(/([\d.]+) MB/.exec(done ?? '')?.[1] ?? NaN) * 1e6;
          const mib = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
          const growth = { download: peaks.download - before, convert: peaks.convert - before };
          options.log(`${weights}: download and hash ${((downloaded - start) / 1000).toFixed(1)} s (resident memory up to ${mib(growth.download)} above its level before Install), convert and install ${((end - downloaded) / 1000).toFixed(1)} s (up to ${mib(growth.convert)}; output ${mib(out)})`);
          const base = `browser-convert/${config}/${weights}`;
          const against = `above the extension's renderer processes' ${mib(before)} before Install; checkpoint ${mib(checkpoint.byteLength)}, output ${mib(out)}`;
          figures.push(figure(`${base}/download-and-hash`, [downloaded - start], 'ms', `${mib(checkpoint.byteLength)} from 127.0.0.1 into the database's pieces, hashed piece by piece`));
          figures.push(figure(`${base}/download-peak-rss-growth`, [growth.download / 2 ** 20], 'MiB', `${against} (${(growth.download / checkpoint.byteLength).toFixed(2)}× the checkpoint)`));
          figures.push(figure(`${base}/convert-and-install`, [end - downloaded], 'ms', 'read through the pieces, converted, hashed, stored'));
          figures.push(figure(`${base}/convert-peak-rss-growth`, [growth.convert / 2 ** 20], 'MiB', `${against} (${(growth.convert / out).toFixed(2)}× the output)`));
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
