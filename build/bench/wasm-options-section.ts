// The session-level levers for onnxruntime-web's WASM backend, each against the engine's own settings,
// timed in rotation at batch 1. (Threads are a process-wide setting read at the first session: compare
// runs with --wasm-threads N for that lever.)
import type { InferenceSession } from 'onnxruntime-common';
import { createEncoder } from '../../src/engine/encoder';
import type { WeightFormatName } from '../make-test-encoder';
import type { VitConfigName } from '../make-test-encoder';
import { Random } from '../../src/engine/onnx/random';
import { runtimes } from './encoder-section';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { figure, median, type Figure, type Section } from './report';
import { rotate } from './timing';

const VARIANTS: Record<string, InferenceSession.SessionOptions> = {
  'graph-basic': { graphOptimizationLevel: 'basic' },
  'graph-extended': { graphOptimizationLevel: 'extended' },
  'fixed-batch': { freeDimensionOverrides: { batch: 1 } },
  'no-mem-pattern': { enableMemPattern: false },
  'no-cpu-arena': { enableCpuMemArena: false },
};

export const wasmOptionsSection: Section = {
  id: 'wasm-options',
  title: 'onnxruntime-web WASM session options (batch 1)',
  async run(options) {
    const { wasm } = await runtimes(options);
    const config: VitConfigName = options.quick ? 'tiny' : 'b32';
    const figures: Figure[] = [];
    for (const weights of ['int8', 'float32'] as WeightFormatName[]) {
      const { bytes, entry } = await testModel(config, weights, options.log);
      const open = (sessionOptions: InferenceSession.SessionOptions) =>
        createEncoder(wasm.ort, bytes, entry, { runtime: wasm.runtime, executionProviders: wasm.executionProviders, sessionOptions: { ...BENCH_SESSION_OPTIONS, ...sessionOptions } });
      const rng = new Random(5);
      const image = Float32Array.from({ length: 3 * entry.input.size ** 2 }, () => rng.uniform() * 3.9 - 1.8);
      const baseline = `wasm-options/${config}/${weights}/engine`;
      const engine = await open({});
      const engineTimes: number[] = [];
      try {
        // One variant at a time beside the engine's session: a full-size float32 model several times over
        // would not fit in the 4 GB a WASM instance can address.
        for (const [name, sessionOptions] of Object.entries(VARIANTS)) {
          const variant = await open(sessionOptions);
          try {
            options.log(`wasm options ${config} ${weights}: ${name}`);
            const [base, times] = await rotate([engine, variant].map((e) => () => e.encode([image]).then(() => undefined)), options.quick ? 3 : 8);
            engineTimes.push(...base!);
            const f = figure(`wasm-options/${config}/${weights}/${name}`, times!, 'ms/image');
            // The ratio to the rounds it was timed beside, not to the pooled baseline figure.
            figures.push({ ...f, baseline, ratio: f.median / median(base!) });
          } finally {
            await variant.release();
          }
        }
      } finally {
        await engine.release();
      }
      figures.push(figure(baseline, engineTimes, 'ms/image', 'graph optimisation all, dynamic batch, default arenas'));
    }
    return figures;
  },
};
