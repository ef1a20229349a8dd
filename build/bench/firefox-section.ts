// The encoder inside the Firefox build's engine host (Firefox's background page) in Debian's Firefox ESR,
// beside Chrome's engine host (the offscreen document) in Chromium, the same without cross-origin isolation
// (one WASM thread, as Firefox's) and onnxruntime-node, all timed in turn, one run of each per round, so
// that the ratios hold under whatever else the machine runs. Firefox gives the background page no
// cross-origin isolation, so its WASM runs on one thread (the environment is printed). The test build's
// bridge carries the calls (test/e2e/support/firefox.ts); each run is timed inside the engine host, so the
// bridge's own time is not in the figures.
import { createEncoder } from '../../src/engine/encoder';
import type { ModelEntry } from '../../src/engine/types';
import type { BenchEnvironment } from '../../src/extension/engine-host/test-bench';
import { loadRuntime } from '../../src/node/ort-runtimes';
import { checkFirefoxTestBuild, launchFirefox, type FirefoxExtension } from '../../test/e2e/support/firefox';
import type { VitConfigName, WeightFormatName } from '../make-test-encoder';
import { engineHost, inEngineHost, launch, serve, TEST_BUILD, toggledIsolation } from './browser-harness';
import { encoderName } from './encoder-section';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { figure, type Figure, type Section } from './report';
import { timeOnce } from './timing';

const WEIGHTS: readonly WeightFormatName[] = ['float32', 'int8'];
const BATCHES = [1, 8] as const;

interface Variant {
  label: string;
  note: string;
  run(batch: number): Promise<number>;
  close(): Promise<void>;
}

const name = (config: string, weights: string, where: string, batch: number) => `firefox/${encoderName(config, weights, where, batch)}`;

async function nodeVariant(config: VitConfigName, log: (line: string) => void): Promise<Variant> {
  const { bytes, entry } = await testModel(config, 'float32', log);
  const { ort, runtime, executionProviders } = await loadRuntime('node');
  const encoder = await createEncoder(ort, bytes, entry, { runtime, executionProviders, sessionOptions: BENCH_SESSION_OPTIONS });
  const images = new Map<number, Float32Array[]>();
  return {
    label: 'node',
    note: 'onnxruntime-node float32, the baseline',
    run(batch) {
      if (!images.has(batch)) images.set(batch, Array.from({ length: batch }, () => new Float32Array(3 * entry.input.size * entry.input.size).fill(0.5)));
      return timeOnce(() => encoder.encode(images.get(batch)!).then(() => undefined));
    },
    close: () => encoder.release(),
  };
}

export const firefoxSection: Section = {
  id: 'firefox',
  title: "Encoder inside the Firefox build's engine host (Firefox ESR's background page), beside Chromium's and onnxruntime-node",
  async run(options) {
    checkFirefoxTestBuild();
    const config: VitConfigName = options.quick ? 'tiny' : 'b32';
    const rounds = (batch: number) => (options.quick ? 2 : batch === 1 ? 8 : 3);
    const entries = {} as Record<WeightFormatName, ModelEntry>;
    const files: Record<string, { body: Uint8Array; type: string }> = {};
    for (const weights of WEIGHTS) {
      const { bytes, entry } = await testModel(config, weights, options.log);
      entries[weights] = entry;
      files[`/${entry.file}`] = { body: bytes, type: 'application/octet-stream' };
    }
    const models = await serve(files);
    const node = await nodeVariant(config, options.log);
    const chromium = await launch();
    // Chromium's engine host without cross-origin isolation runs one WASM thread, as Firefox's does: the
    // same thread count, browser against browser.
    const toggled = toggledIsolation(TEST_BUILD);
    const chromiumOne = await launch(toggled.dir);
    let firefox: FirefoxExtension | undefined;
    const samples = new Map<string, { note: string; times: number[] }>();
    try {
      await engineHost(chromium);
      await engineHost(chromiumOne);
      // The benchmark keeps models open in the background page between its calls, while the other two
      // take their turns (Chromium's first load of a model can take longer than Firefox's 30 s idle timeout
      // under load): Firefox must not suspend the page meanwhile, as it would an idle one.
      firefox = await launchFirefox({ 'extensions.background.idle.timeout': 3_600_000 });
      const ff = firefox;
      const env = (await ff.hook('originlensBench', 'environment')) as BenchEnvironment;
      const describe = (e: BenchEnvironment) => `${e.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}, ${e.numThreads} WASM thread${e.numThreads === 1 ? '' : 's'}`;
      const ffNote = `Firefox ESR background page: ${describe(env)}`;
      const crNote = `Chromium's engine host (offscreen document): ${describe(await inEngineHost<BenchEnvironment>(chromium, 'environment'))}`;
      const crOneNote = `Chromium's engine host: ${describe(await inEngineHost<BenchEnvironment>(chromiumOne, 'environment'))}`;
      options.log(`${ffNote}; ${crNote}; ${crOneNote}`);
      for (const weights of WEIGHTS) {
        const url = `${models.origin}/${entries[weights].file}`;
        const { key: ffKey } = (await ff.hook('originlensBench', 'openModel', url, entries[weights], 'wasm')) as { key: string };
        const { key: crKey } = await inEngineHost<{ key: string }>(chromium, 'openModel', url, entries[weights], 'wasm');
        const { key: crOneKey } = await inEngineHost<{ key: string }>(chromiumOne, 'openModel', url, entries[weights], 'wasm');
        const variants: Variant[] = [
          node,
          { label: 'chromium', note: crNote, run: (b) => inEngineHost<number>(chromium, 'runModel', crKey, b), close: () => inEngineHost<void>(chromium, 'closeModel', crKey) },
          { label: 'chromium-1-thread', note: crOneNote, run: (b) => inEngineHost<number>(chromiumOne, 'runModel', crOneKey, b), close: () => inEngineHost<void>(chromiumOne, 'closeModel', crOneKey) },
          { label: 'firefox', note: ffNote, run: async (b) => (await ff.hook('originlensBench', 'runModel', ffKey, b)) as number, close: async () => void (await ff.hook('originlensBench', 'closeModel', ffKey)) },
        ];
        try {
          for (const batch of BATCHES) {
            options.log(`firefox section: ${config} ${weights} batch ${batch}, ${rounds(batch)} rounds of ${variants.map((v) => v.label).join(', ')} in turn`);
            for (const v of variants) await v.run(batch);
            for (let r = 0; r < rounds(batch); r++) {
              for (const v of variants) {
                if (v.label === 'node' && weights !== 'float32') continue;
                const ms = await v.run(batch);
                const key = name(config, v.label === 'node' ? 'float32' : weights, v.label, batch);
                const entry = samples.get(key) ?? { note: v.note, times: [] };
                entry.times.push(ms / batch);
                samples.set(key, entry);
              }
            }
          }
        } finally {
          for (const v of variants.slice(1)) await v.close();
        }
      }
    } finally {
      await node.close();
      await chromium.close();
      await chromiumOne.close();
      toggled.remove();
      await firefox?.close();
      await models.close();
    }
    const figures: Figure[] = [];
    for (const [key, { note, times }] of samples) {
      const f = figure(key, times, 'ms/image', note);
      const batch = Number(/batch(\d+)$/.exec(key)?.[1]);
      const weights = key.includes('/int8/') ? 'int8' : 'float32';
      // Firefox against onnxruntime-node float32 and against Chromium on the same weights, both in this run.
      if (key.includes('/firefox/')) f.baseline = name(config, weights, 'chromium', batch);
      else if (key.includes('/chromium')) f.baseline = name(config, 'float32', 'node', batch);
      figures.push(f);
    }
    // A figure has one baseline: Firefox's ratios to onnxruntime-node and to Chromium on one thread go in its note.
    for (const f of figures.filter((g) => g.name.includes('/firefox/'))) {
      const batch = Number(/batch(\d+)$/.exec(f.name)?.[1]);
      const weights = f.name.includes('/int8/') ? 'int8' : 'float32';
      const node = figures.find((g) => g.name === name(config, 'float32', 'node', batch));
      const one = figures.find((g) => g.name === name(config, weights, 'chromium-1-thread', batch));
      if (node) f.note = `${f.note}; ${(f.median / node.median).toFixed(2)}× onnxruntime-node float32`;
      if (one) f.note = `${f.note}; ${(f.median / one.median).toFixed(2)}× Chromium on 1 thread`;
      options.log(`${f.name}: ${f.median.toFixed(1)} ms/image (${f.note})`);
    }
    return figures;
  },
};
