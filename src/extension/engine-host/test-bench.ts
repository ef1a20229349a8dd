// Test builds only: what the benchmark (build/bench/browser-*.ts) times inside the engine host, reached
// through the DevTools protocol as originlensBench. Every step is the engine host's own code: its
// onnxruntime module and the way it opens an encoder (openEncoder), its fetch, decoder limits and
// preprocessing (run-job.ts), a job from URL to verdict (runJob). Only the timing is the benchmark's: one
// run per call, so that the benchmark can take turns between the engine hosts of two builds and
// onnxruntime-node (timing.ts says why). The models come from a server on 127.0.0.1 that the benchmark
// runs: test encoders never enter a build.
import { env } from 'onnxruntime-web';
import type { Encoder } from '../../engine/encoder';
import { decodeFloat32Base64 } from '../../engine/head/head-pack';
import { hasPngInflate } from '../../engine/image/png-native';
import { simdAvailable } from '../../engine/image/resample-simd';
import { preprocess } from '../../engine/preprocess';
import type { InputSpec, ModelEntry } from '../../engine/types';
import { installEncoder, installHead } from '../shared/model-store';
import type { Backend, VerdictRecord } from '../shared/protocol';
import { engineStatus, openEncoder, webgpuProbe } from './engine';
import { enrolmentRetraining } from './enrolment-retraining';
import { fetchImageBytes } from './fetch-image';
import { decodeFetched, runJob } from './run-job';

export interface BenchEnvironment {
  crossOriginIsolated: boolean;
  /** onnxruntime-web's WASM thread count as the engine host set it. */
  numThreads: number;
  simd: boolean | 'fixed' | 'relaxed';
  hardwareConcurrency: number;
  adapter?: string;
  fallbackAdapter?: boolean;
  webgpuUnavailable?: string;
  /** PNG inflates with the browser's native zlib (DecompressionStream) rather than fast-png's JS. */
  nativePngInflate: boolean;
  /** The resampler's WebAssembly SIMD passes compile here (the extension's CSP allows it). */
  simdResampler: boolean;
}

async function environment(): Promise<BenchEnvironment> {
  const probe = await webgpuProbe();
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated,
    numThreads: env.wasm.numThreads ?? 0,
    simd: env.wasm.simd ?? true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    nativePngInflate: hasPngInflate(),
    simdResampler: simdAvailable(),
    ...(probe.adapter === undefined ? {} : { adapter: probe.adapter, fallbackAdapter: probe.fallback === true }),
    ...(probe.unavailable === undefined ? {} : { webgpuUnavailable: probe.unavailable }),
  };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Pseudo-random values in the range CLIP normalisation gives; the values do not change the time. */
function noise(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = (state / 2 ** 32) * 3.9 - 1.8;
  }
  return out;
}

const open = new Map<string, { encoder: Encoder; images: Map<number, Float32Array[]> }>();

/** Opens the model at `modelUrl` as the engine host opens an encoder; returns its key and how long that took. */
async function openModel(modelUrl: string, entry: ModelEntry, backend: Backend): Promise<{ key: string; loadMs: number }> {
  const bytes = await fetchBytes(modelUrl);
  const start = performance.now();
  const encoder = await openEncoder(bytes, entry, backend);
  const key = `${entry.id}/${backend}/${open.size}`;
  open.set(key, { encoder, images: new Map() });
  return { key, loadMs: performance.now() - start };
}

/** One encoder run on `batch` images, in milliseconds (the inputs are made once per batch size, untimed). */
async function runModel(key: string, batch: number): Promise<number> {
  const model = open.get(key);
  if (!model) throw new Error(`no open model ${key}`);
  const size = model.encoder.entry.input.size;
  let images = model.images.get(batch);
  if (!images) model.images.set(batch, (images = Array.from({ length: batch }, (_, i) => noise(3 * size * size, 100 + i))));
  const start = performance.now();
  await model.encoder.encode(images);
  return performance.now() - start;
}

async function closeModel(key: string): Promise<void> {
  await open.get(key)?.encoder.release();
  open.delete(key);
}

/** Decode and preprocess as runJob does, from bytes fetched the way it fetches them. */
async function preprocessTimes(imageUrl: string, input: InputSpec, rounds: number): Promise<{ decode: number[]; preprocess: number[] }> {
  const bytes = await fetchImageBytes(imageUrl);
  const decode: number[] = [];
  const prep: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    const image = await decodeFetched(bytes);
    const t1 = performance.now();
    preprocess(image, input);
    const t2 = performance.now();
    // The first run is not counted (JIT, the decoder's first allocations).
    if (r === 0) continue;
    decode.push(t1 - t0);
    prep.push(t2 - t1);
  }
  return { decode, preprocess: prep };
}

/** Installs the encoder at `modelUrl` and a head for it, as the options page does; returns the head's id. */
async function installModels(modelUrl: string, entry: ModelEntry, head: unknown): Promise<string> {
  await installEncoder(entry, await fetchBytes(modelUrl));
  return (await installHead(head, 'the benchmark head')).pack.id;
}

/**
 * Verdicts for `urls` through runJob on WASM: all at once, as the background's pump hands them over, or one
 * after another, as it did before images were batched. Returns the time for all, and the encoder runs
 * they took. Every image must be new to the caches: a cached verdict or an error would time nothing.
 */
async function attributeTimes(urls: string[], encoder: string, head: string, together: boolean): Promise<{ ms: number; encoderRuns: number }> {
  const job = (url: string) => runJob({ url, encoder, head, backend: 'wasm', cacheMaxVerdicts: 1_000_000, thresholds: { llr: null, openSet: null }, headLlr: {} });
  const before = (await engineStatus()).batches;
  const start = performance.now();
  let records: VerdictRecord[] = [];
  if (together) records = await Promise.all(urls.map(job));
  else for (const url of urls) records.push(await job(url));
  const ms = performance.now() - start;
  const wrong = records.find((r) => r.cached || r.verdict.kind === 'error');
  if (wrong) throw new Error(`a benchmark image was ${wrong.cached ? 'cached' : `refused: ${wrong.verdict.reason}`}`);
  return { ms, encoderRuns: (await engineStatus()).batches - before };
}

let retraining: (() => void) | undefined;

/** Prepares the retraining after an enrolment (enrolment-retraining.ts) on features sent as base64 float32. */
function prepareRetraining(features: string, labels: number[], classes: string[]): void {
  const data = decodeFloat32Base64(features);
  retraining = enrolmentRetraining({ features: { rows: labels.length, cols: data.length / labels.length, data }, labels: Int32Array.from(labels) }, classes);
}

/** One run of the prepared retraining, in milliseconds. */
function runRetraining(): number {
  if (!retraining) throw new Error('no retraining prepared');
  const start = performance.now();
  retraining();
  return performance.now() - start;
}

export function exposeBenchHooks(): void {
  Object.assign(globalThis, { originlensBench: { environment, openModel, runModel, closeModel, preprocessTimes, installModels, attributeTimes, prepareRetraining, runRetraining } });
}
