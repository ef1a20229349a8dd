// Encoder time per image: onnxruntime-node (the native baseline) against onnxruntime-web's WASM backend
// in Node, float32 and int8 test encoders of CLIP's real shapes, at batch 1 (a person waiting for one
// image) and batch 8 (the visible images of a page, the command line's batches).
import { createEncoder, type Encoder } from '../../src/engine/encoder';
import { loadRuntime, type LoadedRuntime, type RuntimeKind } from '../../src/node/ort-runtimes';
import type { WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../make-test-encoder';
import { Random } from '../../src/engine/onnx/random';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { figure, type BenchOptions, type Figure, type Section } from './report';
import { rotate } from './timing';

const RUNTIMES: readonly RuntimeKind[] = ['node', 'wasm'];
const WEIGHTS: readonly WeightFormatName[] = ['float32', 'int8'];

function noise(count: number, seed: number): Float32Array {
  const rng = new Random(seed);
  // The range CLIP normalisation produces: the values do not change the time, but keep it realistic.
  return Float32Array.from({ length: count }, () => rng.uniform() * 3.9 - 1.8);
}

export function encoderName(config: string, weights: string, runtime: string, batch: number): string {
  return `encoder/${config}/${weights}/${runtime}/batch${batch}`;
}

/** Runtimes are loaded once per process: onnxruntime-web reads its thread count at its first session. */
export async function runtimes(options: BenchOptions): Promise<Record<RuntimeKind, LoadedRuntime>> {
  const node = await loadRuntime('node');
  const wasm = await loadRuntime('wasm');
  if (options.wasmThreads !== undefined) {
    const web = await import('onnxruntime-web');
    web.env.wasm.numThreads = options.wasmThreads;
  }
  return { node, wasm };
}

interface Variant {
  weights: WeightFormatName;
  runtime: RuntimeKind;
  encoder: Encoder;
}

async function timeConfig(config: VitConfigName, options: BenchOptions, weightsList: readonly WeightFormatName[] = WEIGHTS, batches: readonly number[] = [1, 8]): Promise<Figure[]> {
  const loaded = await runtimes(options);
  const variants: Variant[] = [];
  for (const weights of weightsList) {
    const { bytes, entry } = await testModel(config, weights, options.log);
    for (const runtime of RUNTIMES) {
      const { ort, runtime: name, executionProviders } = loaded[runtime];
      variants.push({ weights, runtime, encoder: await createEncoder(ort, bytes, entry, { runtime: name, executionProviders, sessionOptions: BENCH_SESSION_OPTIONS }) });
    }
  }
  const figures: Figure[] = [];
  try {
    for (const batch of batches) {
      const size = variants[0]!.encoder.entry.input.size;
      const images = Array.from({ length: batch }, (_, i) => noise(3 * size * size, 100 + i));
      const large = config.startsWith('l14');
      const rounds = options.quick ? 3 : large ? 5 : batch === 1 ? 15 : 6;
      options.log(`encoder ${config} batch ${batch}: ${rounds} rounds of ${variants.length} variants`);
      const times = await rotate(variants.map((v) => () => v.encoder.encode(images).then(() => undefined)), rounds);
      const baseline = encoderName(config, 'float32', 'node', batch);
      variants.forEach((v, i) => {
        const f = figure(encoderName(config, v.weights, v.runtime, batch), times[i]!.map((t) => t / batch), 'ms/image');
        if (f.name !== baseline) f.baseline = baseline;
        figures.push(f);
      });
    }
  } finally {
    for (const v of variants) await v.encoder.release();
  }
  // The same model natively is the other fair comparison: say it beside each WASM figure.
  for (const f of figures) {
    const [, cfg, weights, runtime, batch] = f.name.split('/');
    if (runtime !== 'wasm') continue;
    const native = figures.find((g) => g.name === `encoder/${cfg}/${weights}/node/${batch}`);
    if (native) f.note = `${(f.median / native.median).toFixed(2)}× onnxruntime-node on the same ${weights} model`;
  }
  return figures;
}

export const encoderSection: Section = {
  id: 'encoder',
  title: 'Encoder time per image (onnxruntime-node vs onnxruntime-web WASM in Node)',
  async run(options) {
    const configs: VitConfigName[] = options.quick ? ['tiny'] : ['b32', 'b16'];
    const figures: Figure[] = [];
    for (const config of configs) figures.push(...(await timeConfig(config, options)));
    return figures;
  },
};

/**
 * ViT-L/14 at 224 and 336 pixels (the detection papers' encoders), batch 1, float32 and per-channel
 * int8 (what converted encoders use): a person waiting for one image.
 */
export const encoderLargeSection: Section = {
  id: 'encoder-large',
  title: 'Encoder time per image, ViT-L/14 shapes (onnxruntime-node vs onnxruntime-web WASM in Node), batch 1',
  async run(options) {
    const configs: VitConfigName[] = options.quick ? ['tiny'] : ['l14', 'l14-336'];
    const figures: Figure[] = [];
    for (const config of configs) figures.push(...(await timeConfig(config, options, ['float32', 'int8pc'], [1])));
    return figures;
  },
};
