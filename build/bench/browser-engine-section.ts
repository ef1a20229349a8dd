// The encoder and preprocessing inside the built extension's engine host (Chrome's offscreen document),
// in Debian's Chromium: WASM, and WebGPU where an adapter exists (headless Chromium here offers only the
// software SwiftShader adapter, and the figures say so). The test encoders reach the engine host from a
// server on 127.0.0.1; the engine host opens them as it opens any encoder (engine-host/test-bench.ts).
//
// WASM threads need cross-origin isolation of the extension's pages (manifest.json's
// cross_origin_embedder_policy and cross_origin_opener_policy). To show what they are worth, the WASM
// figures are measured twice: on the build as it is, and on a copy of it with the two keys toggled.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEncoder } from '../../src/engine/encoder';
import type { ModelEntry } from '../../src/engine/types';
import type { BenchEnvironment, EncoderTimes } from '../../src/extension/engine-host/test-bench';
import { loadRuntime } from '../../src/node/ort-runtimes';
import type { WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../onnx-clip-vit';
import { encoderName } from './encoder-section';
import { engineHost, inEngineHost, launch, serve, TEST_BUILD, type Served } from './browser-harness';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { jpegPicture, pngPicture } from './pictures';
import { CLIP_INPUT } from './preprocess-section';
import { figure, type BenchOptions, type Figure, type Section } from './report';
import { rotate } from './timing';

const WEIGHTS: readonly WeightFormatName[] = ['float32', 'int8'];
const BATCHES = [1, 8] as const;
const ISOLATION_KEYS = ['cross_origin_embedder_policy', 'cross_origin_opener_policy'] as const;

export function browserEncoderName(config: string, weights: string, backend: string, batch: number): string {
  return `browser/${encoderName(config, weights, backend, batch)}`;
}

interface Plan {
  config: VitConfigName;
  rounds: (backend: string, batch: number) => number;
}

/** onnxruntime-node on the float32 model, when no earlier section of this run measured it. */
async function nodeBaseline(plan: Plan, earlier: readonly Figure[], options: BenchOptions): Promise<Figure[]> {
  const missing = BATCHES.filter((b) => !earlier.some((f) => f.name === encoderName(plan.config, 'float32', 'node', b)));
  if (missing.length === 0) return [];
  const { bytes, entry } = testModel(plan.config, 'float32', options.log);
  const { ort, runtime, executionProviders } = await loadRuntime('node');
  const encoder = await createEncoder(ort, bytes, entry, { runtime, executionProviders, sessionOptions: BENCH_SESSION_OPTIONS });
  const figures: Figure[] = [];
  try {
    for (const batch of missing) {
      const size = entry.input.size;
      const images = Array.from({ length: batch }, () => new Float32Array(3 * size * size).fill(0.5));
      const [times] = await rotate([() => encoder.encode(images).then(() => undefined)], plan.rounds('node', batch));
      figures.push(figure(browserEncoderName(plan.config, 'float32', 'node', batch), times!.map((t) => t / batch), 'ms/image', 'onnxruntime-node, measured here because no earlier section did'));
    }
  } finally {
    await encoder.release();
  }
  return figures;
}

function baselineName(plan: Plan, batch: number, earlier: readonly Figure[]): string {
  const name = encoderName(plan.config, 'float32', 'node', batch);
  return earlier.some((f) => f.name === name) ? name : `browser/${name}`;
}

function describeEnvironment(env: BenchEnvironment): string {
  return `${env.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated'}, ${env.numThreads} WASM thread${env.numThreads === 1 ? '' : 's'}`;
}

/** A copy of the build with the cross-origin isolation keys removed when it has them, added when not. */
function toggledIsolation(dir: string): { dir: string; remove(): void } {
  const copy = mkdtempSync(join(tmpdir(), 'originlens-bench-build-'));
  cpSync(dir, copy, { recursive: true });
  const path = join(copy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const isolated = ISOLATION_KEYS.every((k) => k in manifest);
  if (isolated) for (const k of ISOLATION_KEYS) delete manifest[k];
  else Object.assign(manifest, { cross_origin_embedder_policy: { value: 'require-corp' }, cross_origin_opener_policy: { value: 'same-origin' } });
  writeFileSync(path, JSON.stringify(manifest, null, 2));
  return { dir: copy, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/** Every encoder figure of one launch of a build: `label` names the backend column (wasm, webgpu, ...). */
async function encoderFigures(dir: string, backends: { backend: 'wasm' | 'webgpu'; label: string }[], plan: Plan, models: Served, entries: Record<WeightFormatName, ModelEntry>, earlier: readonly Figure[], options: BenchOptions): Promise<{ figures: Figure[]; env: BenchEnvironment }> {
  const browser = await launch(dir);
  try {
    await engineHost(browser);
    const env = await inEngineHost<BenchEnvironment>(browser, 'environment');
    options.log(`engine host of ${dir}: ${describeEnvironment(env)}, WebGPU: ${env.adapter ?? env.webgpuUnavailable}`);
    const figures: Figure[] = [];
    for (const { backend, label } of backends) {
      if (backend === 'webgpu' && env.adapter === undefined) {
        options.log(`no WebGPU figures: ${env.webgpuUnavailable}`);
        continue;
      }
      // A software adapter runs a full-size encoder at seconds per image: batch 1 only, and few rounds.
      const software = backend === 'webgpu' && env.fallbackAdapter === true && !options.quick;
      const batches = software ? [1] : [...BATCHES];
      for (const weights of WEIGHTS) {
        const rounds = software ? 3 : Math.max(...batches.map((b) => plan.rounds(backend, b)));
        options.log(`engine host ${label} ${plan.config} ${weights}: ${rounds} rounds at batch ${batches.join(' and ')}`);
        const times = await inEngineHost<EncoderTimes>(browser, 'encoderTimes', `${models.origin}/${entries[weights].file}`, entries[weights], backend, batches, rounds);
        for (const batch of batches) {
          const note = backend === 'webgpu' ? `WebGPU on ${env.adapter}${env.fallbackAdapter ? ': a software adapter, not a GPU' : ''}` : describeEnvironment(env);
          const f = figure(browserEncoderName(plan.config, weights, label, batch), times.runs[batch]!.slice(0, software ? rounds : plan.rounds(backend, batch)).map((t) => t / batch), 'ms/image', note);
          f.baseline = baselineName(plan, batch, earlier);
          options.log(`${f.name}: ${f.median.toFixed(1)} ms/image (${f.note})`);
          figures.push(f);
        }
      }
    }
    return { figures, env };
  } finally {
    await browser.close();
  }
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
    const plan: Plan = options.quick ? { config: 'tiny', rounds: () => 2 } : { config: 'b32', rounds: (backend, batch) => (backend === 'webgpu' ? 3 : batch === 1 ? 15 : 6) };
    const figures = await nodeBaseline(plan, earlier, options);
    const entries = {} as Record<WeightFormatName, ModelEntry>;
    const files: Record<string, { body: Uint8Array; type: string }> = {};
    for (const weights of WEIGHTS) {
      const { bytes, entry } = testModel(plan.config, weights, options.log);
      entries[weights] = entry;
      files[`/${entry.file}`] = { body: bytes, type: 'application/octet-stream' };
    }
    const models = await serve(files);
    const toggled = toggledIsolation(TEST_BUILD);
    try {
      const shipped = await encoderFigures(TEST_BUILD, [{ backend: 'wasm', label: 'wasm' }, { backend: 'webgpu', label: 'webgpu' }], plan, models, entries, earlier, options);
      figures.push(...shipped.figures);
      const other = shipped.env.crossOriginIsolated ? 'wasm-not-isolated' : 'wasm-isolated';
      figures.push(...(await encoderFigures(toggled.dir, [{ backend: 'wasm', label: other }], plan, models, entries, earlier, options)).figures);
    } finally {
      toggled.remove();
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
