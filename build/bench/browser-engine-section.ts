// The encoder and preprocessing inside the built extension's engine host (Chrome's offscreen document),
// in Debian's Chromium: WASM, and WebGPU where an adapter exists (headless Chromium here offers only the
// software SwiftShader adapter, and the figures say so). The test encoders reach the engine host from a
// server on 127.0.0.1; the engine host opens them as it opens any encoder (engine-host/test-bench.ts).
//
// WASM threads need cross-origin isolation of the extension's pages (manifest.json's
// cross_origin_embedder_policy and cross_origin_opener_policy). To show what they are worth, the WASM
// figures are measured twice: on the build as it is, and on a copy of it with the two keys toggled. (On
// this 2-core machine two threads beat one when it was lightly loaded, and lost under a load of 7-9.) The
// baseline, onnxruntime-node on the float32 model, is timed in turn with both engine hosts, one run of
// each per round, so that the ratios hold under whatever else the machine runs.
import { createEncoder } from '../../src/engine/encoder';
import type { ModelEntry } from '../../src/engine/types';
import type { BenchEnvironment } from '../../src/extension/engine-host/test-bench';
import type { ExtensionBrowser } from '../../test/e2e/support/browser';
import { loadRuntime } from '../../src/node/ort-runtimes';
import type { WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../make-test-encoder';
import { encoderName } from './encoder-section';
import { engineHost, inEngineHost, launch, serve, TEST_BUILD, toggledIsolation, type Served } from './browser-harness';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { jpegPicture, pngPicture } from './pictures';
import { CLIP_INPUT } from './preprocess-section';
import { figure, type BenchOptions, type Figure, type Section } from './report';
import { timeOnce } from './timing';

const WEIGHTS: readonly WeightFormatName[] = ['float32', 'int8'];
const BATCHES = [1, 8] as const;

export function browserEncoderName(config: string, weights: string, backend: string, batch: number): string {
  return `browser/${encoderName(config, weights, backend, batch)}`;
}

interface Plan {
  config: VitConfigName;
  rounds: (batch: number) => number;
}

/** One way of running the encoder, timed in turn with the others. */
export interface Variant {
  label: string;
  note: string;
  weights: WeightFormatName;
  run(batch: number): Promise<number>;
  close(): Promise<void>;
}

export function describeEnvironment(env: BenchEnvironment): string {
  return `${env.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}, ${env.numThreads} WASM thread${env.numThreads === 1 ? '' : 's'}`;
}

export interface Host {
  browser: ExtensionBrowser;
  env: BenchEnvironment;
}

export async function openHost(dir: string, options: BenchOptions): Promise<Host> {
  const browser = await launch(dir);
  await engineHost(browser);
  const env = await inEngineHost<BenchEnvironment>(browser, 'environment');
  options.log(`engine host of ${dir}: ${describeEnvironment(env)}; WebGPU: ${env.adapter ?? env.webgpuUnavailable}`);
  return { browser, env };
}

export async function hostVariant(host: Host, label: string, backend: 'wasm' | 'webgpu', weights: WeightFormatName, url: string, entry: ModelEntry, note: string): Promise<Variant> {
  const { key } = await inEngineHost<{ key: string; loadMs: number }>(host.browser, 'openModel', url, entry, backend);
  return {
    label,
    note,
    weights,
    run: (batch) => inEngineHost<number>(host.browser, 'runModel', key, batch),
    close: () => inEngineHost<void>(host.browser, 'closeModel', key),
  };
}

export async function nodeVariant(config: VitConfigName, options: BenchOptions): Promise<Variant> {
  const { bytes, entry } = await testModel(config, 'float32', options.log);
  const { ort, runtime, executionProviders } = await loadRuntime('node');
  const encoder = await createEncoder(ort, bytes, entry, { runtime, executionProviders, sessionOptions: BENCH_SESSION_OPTIONS });
  const images = new Map<number, Float32Array[]>();
  return {
    label: 'node',
    note: 'onnxruntime-node, the baseline, timed in turn with the engine hosts',
    weights: 'float32',
    run(batch) {
      if (!images.has(batch)) images.set(batch, Array.from({ length: batch }, () => new Float32Array(3 * entry.input.size * entry.input.size).fill(0.5)));
      return timeOnce(() => encoder.encode(images.get(batch)!).then(() => undefined));
    },
    close: () => encoder.release(),
  };
}

/** Every variant once per round, in turn, after one run each that is not counted. */
export async function rotateVariants(variants: readonly Variant[], batch: number, rounds: number): Promise<number[][]> {
  for (const v of variants) await v.run(batch);
  const times = variants.map((): number[] => []);
  for (let r = 0; r < rounds; r++) for (let i = 0; i < variants.length; i++) times[i]!.push(await variants[i]!.run(batch));
  return times;
}

/**
 * WASM in the engine hosts of the build and of its copy with isolation toggled, and onnxruntime-node, in
 * turn; then WebGPU in the build's engine host on its own (a software adapter takes seconds per image).
 */
async function encoderFigures(plan: Plan, models: Served, entries: Record<WeightFormatName, ModelEntry>, options: BenchOptions): Promise<Figure[]> {
  const toggled = toggledIsolation(TEST_BUILD);
  const hosts: Host[] = [];
  const figures: Figure[] = [];
  const samples = new Map<string, { note: string; batch: number; times: number[] }>();
  const keep = (v: Variant, batch: number, times: number[]) => {
    const name = browserEncoderName(plan.config, v.weights, v.label, batch);
    const entry = samples.get(name) ?? { note: v.note, batch, times: [] };
    entry.times.push(...times.map((t) => t / batch));
    samples.set(name, entry);
  };
  const node = await nodeVariant(plan.config, options);
  try {
    const shipped = await openHost(TEST_BUILD, options);
    hosts.push(shipped);
    const other = await openHost(toggled.dir, options);
    hosts.push(other);
    const otherLabel = shipped.env.crossOriginIsolated ? 'wasm-not-isolated' : 'wasm-isolated';
    for (const weights of WEIGHTS) {
      const url = `${models.origin}/${entries[weights].file}`;
      const variants = [
        node,
        await hostVariant(shipped, 'wasm', 'wasm', weights, url, entries[weights], describeEnvironment(shipped.env)),
        await hostVariant(other, otherLabel, 'wasm', weights, url, entries[weights], describeEnvironment(other.env)),
      ];
      try {
        for (const batch of BATCHES) {
          options.log(`encoder ${plan.config} ${weights} batch ${batch}: ${plan.rounds(batch)} rounds of onnxruntime-node, wasm, ${otherLabel} in turn`);
          const times = await rotateVariants(variants, batch, plan.rounds(batch));
          variants.forEach((v, i) => keep(v, batch, times[i]!));
        }
      } finally {
        for (const v of variants.slice(1)) await v.close();
      }
    }
    await other.browser.close();
    hosts.pop();
    if (shipped.env.adapter === undefined) options.log(`no WebGPU figures: ${shipped.env.webgpuUnavailable}`);
    else {
      // A software adapter runs a full-size encoder at seconds per image: batch 1 only, and few rounds.
      const software = shipped.env.fallbackAdapter === true;
      const batches = software && !options.quick ? [1] : [...BATCHES];
      const note = `WebGPU on ${shipped.env.adapter}${software ? ': a software adapter, not a GPU' : ''}`;
      for (const weights of WEIGHTS) {
        const gpu = await hostVariant(shipped, 'webgpu', 'webgpu', weights, `${models.origin}/${entries[weights].file}`, entries[weights], note);
        try {
          for (const batch of batches) {
            options.log(`encoder ${plan.config} ${weights} batch ${batch} on WebGPU`);
            keep(gpu, batch, (await rotateVariants([gpu], batch, software ? Math.min(3, plan.rounds(batch)) : plan.rounds(batch)))[0]!);
          }
        } finally {
          await gpu.close();
        }
      }
    }
  } finally {
    await node.close();
    for (const h of hosts) await h.browser.close();
    toggled.remove();
  }
  for (const [name, { note, batch, times }] of samples) {
    const f = figure(name, times, 'ms/image', note);
    const baseline = browserEncoderName(plan.config, 'float32', 'node', batch);
    if (name !== baseline) f.baseline = baseline;
    options.log(`${name}: ${f.median.toFixed(1)} ms/image`);
    figures.push(f);
  }
  return figures;
}

async function preprocessFigures(pictures: Served, rounds: number, earlier: readonly Figure[], options: BenchOptions): Promise<Figure[]> {
  const browser = await launch();
  try {
    await engineHost(browser);
    const figures: Figure[] = [];
    for (const label of ['jpeg-12mp', 'png-1mp']) {
      options.log(`engine host preprocessing ${label}: ${rounds} rounds`);
      const t = await inEngineHost<{ decode: number[]; preprocess: number[] }>(browser, 'preprocessTimes', `${pictures.origin}/${label}`, CLIP_INPUT, rounds);
      const total = t.decode.map((d, i) => d + t.preprocess[i]!);
      const parts = [
        figure(`browser/preprocess/${label}/decode`, t.decode, 'ms/image'),
        figure(`browser/preprocess/${label}/resize-crop-normalise`, t.preprocess, 'ms/image'),
        figure(`browser/preprocess/${label}/total`, total, 'ms/image'),
      ];
      // Beside the same step in Node, when the preprocessing section ran before.
      for (const f of parts) if (earlier.some((g) => g.name === f.name.slice('browser/'.length))) f.baseline = f.name.slice('browser/'.length);
      figures.push(...parts);
    }
    return figures;
  } finally {
    await browser.close();
  }
}

export const browserEngineSection: Section = {
  id: 'browser',
  title: "Encoder and preprocessing inside the extension's engine host (Chromium)",
  async run(options, earlier = []) {
    const plan: Plan = options.quick ? { config: 'tiny', rounds: () => 2 } : { config: 'b32', rounds: (batch) => (batch === 1 ? 10 : 4) };
    const entries = {} as Record<WeightFormatName, ModelEntry>;
    const files: Record<string, { body: Uint8Array; type: string }> = {};
    for (const weights of WEIGHTS) {
      const { bytes, entry } = await testModel(plan.config, weights, options.log);
      entries[weights] = entry;
      files[`/${entry.file}`] = { body: bytes, type: 'application/octet-stream' };
    }
    const models = await serve(files);
    const figures: Figure[] = [];
    try {
      figures.push(...(await encoderFigures(plan, models, entries, options)));
    } finally {
      await models.close();
    }
    const pictures = await serve({
      '/jpeg-12mp': { body: jpegPicture(4000, 3000), type: 'image/jpeg' },
      '/png-1mp': { body: pngPicture(1024, 1024), type: 'image/png' },
    });
    try {
      figures.push(...(await preprocessFigures(pictures, options.quick ? 1 : 7, earlier, options)));
    } finally {
      await pictures.close();
    }
    return figures;
  },
};
