// How good the welcome page's time per image is before install: a one-block slice of an encoder, timed
// and scaled by compute (src/engine/onnx/clip-vision-cost.ts), against the whole encoder timed in the
// same rotation, in onnxruntime-node and onnxruntime-web's WASM in Node. The "estimated" figure's ratio
// to the whole one is the estimate's error on this machine.
import { createEncoder, type Encoder } from '../../src/engine/encoder';
import { makeTimingSlice } from '../../src/engine/onnx/timing-slice';
import { TEST_CONFIGS } from '../../src/engine/onnx/test-encoder';
import type { RuntimeKind } from '../../src/node/ort-runtimes';
import type { VitConfigName } from '../make-test-encoder';
import { runtimes } from './encoder-section';
import { BENCH_SESSION_OPTIONS, testModel } from './models';
import { figure, type Figure, type Section } from './report';
import { rotate } from './timing';

const RUNTIMES: readonly RuntimeKind[] = ['node', 'wasm'];

export const estimateSection: Section = {
  id: 'estimate',
  title: 'Time per image estimated from a one-block slice (welcome page) against the whole encoder, float32, batch 1',
  async run(options) {
    const configs: VitConfigName[] = options.quick ? ['tiny'] : ['b32', 'l14'];
    const loaded = await runtimes(options);
    const figures: Figure[] = [];
    for (const config of configs) {
      const whole = await testModel(config, 'float32', options.log);
      const slice = await makeTimingSlice(config, TEST_CONFIGS[config]);
      for (const runtime of RUNTIMES) {
        const { ort, runtime: name, executionProviders } = loaded[runtime];
        const open = (bytes: Uint8Array, entry: typeof whole.entry) => createEncoder(ort, bytes, entry, { runtime: name, executionProviders, sessionOptions: BENCH_SESSION_OPTIONS });
        const encoders: Encoder[] = [await open(slice.bytes, slice.entry), await open(whole.bytes, whole.entry)];
        try {
          const size = whole.entry.input.size;
          const image = new Float32Array(3 * size * size).fill(0.1);
          const rounds = options.quick ? 3 : 5;
          options.log(`estimate ${config} ${runtime}: ${rounds} rounds of the slice and the whole encoder`);
          const [sliceTimes, wholeTimes] = await rotate(encoders.map((e) => () => e.encode([image]).then(() => undefined)), rounds, 3);
          const base = `estimate/${config}/${runtime}`;
          figures.push(figure(`${base}/slice`, sliceTimes!, 'ms/image', `patch convolution and 1 of ${TEST_CONFIGS[config].layers} blocks`));
          figures.push(figure(`${base}/whole`, wholeTimes!, 'ms/image'));
          const estimated = figure(`${base}/estimated`, sliceTimes!.map((t) => t * slice.ratio), 'ms/image', `slice × ${slice.ratio.toFixed(2)} (FLOPs ratio); ratio: estimate / measured`);
          estimated.baseline = `${base}/whole`;
          figures.push(estimated);
        } finally {
          for (const e of encoders) await e.release();
        }
      }
    }
    return figures;
  },
};
