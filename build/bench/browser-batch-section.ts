// Images from URL to verdict inside the extension's engine host (runJob: fetch, hash, caches, decode,
// preprocess, encode, head, store), eight at a time as the background's pump hands them over, so that
// those ready together are encoded as one batch (engine-host/encode-batcher.ts), against the same eight
// one after another, as the pump ran them before. Every round has pictures of its own, new to the caches.
import { makeTestHead } from '../test-head';
import { engineHost, inEngineHost, launch, serve } from './browser-harness';
import { testModel } from './models';
import { jpegPicture } from './pictures';
import { figure, type Section } from './report';
import { rotate } from './timing';

const IMAGES = 8;

export const browserBatchSection: Section = {
  id: 'browser-batch',
  title: `Eight 640 × 480 JPEGs from URL to verdict in the engine host (Chromium, WASM): together and one by one`,
  async run(options) {
    const config = options.quick ? 'tiny' : 'b32';
    const rounds = options.quick ? 1 : 5;
    const { bytes, entry } = await testModel(config, 'int8', options.log);
    const files: Record<string, { body: Uint8Array; type: string }> = { [`/${entry.file}`]: { body: bytes, type: 'application/octet-stream' } };
    // One set of pictures per timed run, and one for each function's warm-up run.
    const sets = 2 * (rounds + 1);
    for (let i = 0; i < sets * IMAGES; i++) files[`/picture-${i}.jpg`] = { body: jpegPicture(640, 480, 90, 1000 + i), type: 'image/jpeg' };
    const server = await serve(files);
    const browser = await launch();
    try {
      await engineHost(browser);
      const head = await inEngineHost<string>(browser, 'installModels', `${server.origin}/${entry.file}`, entry, makeTestHead(entry));
      let next = 0;
      const pictures = () => Array.from({ length: IMAGES }, () => `${server.origin}/picture-${next++}.jpg`);
      // Per way (together, one by one): milliseconds per image as the engine host timed them (no DevTools
      // round trip), and encoder runs per eight images.
      const samples = [true, false].map((together) => ({ together, ms: [] as number[], encoderRuns: [] as number[] }));
      const run = (sample: (typeof samples)[number]) => async () => {
        const t = await inEngineHost<{ ms: number; encoderRuns: number }>(browser, 'attributeTimes', pictures(), entry.id, head, sample.together);
        sample.ms.push(t.ms / IMAGES);
        sample.encoderRuns.push(t.encoderRuns);
      };
      options.log(`${IMAGES} images to verdicts, ${config} int8: ${rounds} rounds of one by one and together in turn`);
      await rotate(samples.map(run), rounds);
      // rotate's warm-up run is in the samples too: drop it.
      const [together, oneByOne] = samples.map((sample) => ({ ms: sample.ms.slice(1), encoderRuns: sample.encoderRuns.slice(1) }));
      const prefix = `browser/attribute/${config}/int8`;
      const baseline = figure(`${prefix}/one-by-one`, oneByOne!.ms, 'ms/image', 'as the pump ran jobs before batching');
      return [
        baseline,
        { ...figure(`${prefix}/together`, together!.ms, 'ms/image', 'eight jobs at once, those ready together encoded as one batch'), baseline: baseline.name },
        figure(`${prefix}/together/encoder-runs`, together!.encoderRuns, `runs per ${IMAGES} images`),
      ];
    } finally {
      await browser.close();
      await server.close();
    }
  },
};
