// ViT-L/14 shapes (224 and 336 pixels; test weights) in the extension's engine host in Chromium: WASM,
// float32 and per-channel int8 (what converted encoders use), batch 1, timed in turn with
// onnxruntime-node's float32 run of the same shape in this process, the baseline of every ratio. The
// engine host opens each model as it opens any encoder (engine-host/test-bench.ts).
import type { ModelEntry } from '../../src/engine/types';
import type { VitConfigName, WeightFormatName } from '../make-test-encoder';
import { browserEncoderName, hostVariant, nodeVariant, openHost, rotateVariants, describeEnvironment } from './browser-engine-section';
import { serve, TEST_BUILD } from './browser-harness';
import { testModel } from './models';
import { figure, type Figure, type Section } from './report';

const WEIGHTS: readonly WeightFormatName[] = ['float32', 'int8pc'];

export const browserLargeSection: Section = {
  id: 'browser-large',
  title: "Encoder time per image, ViT-L/14 shapes, in the extension's engine host (Chromium, WASM) vs onnxruntime-node, batch 1",
  async run(options) {
    const configs: VitConfigName[] = options.quick ? ['tiny'] : ['l14', 'l14-336'];
    const rounds = options.quick ? 2 : 5;
    const figures: Figure[] = [];
    const host = await openHost(TEST_BUILD, options);
    try {
      for (const config of configs) {
        const node = await nodeVariant(config, options);
        const baseline = browserEncoderName(config, 'float32', 'node', 1);
        const nodeTimes: number[] = [];
        try {
          for (const weights of WEIGHTS) {
            // One model in memory at a time: a float32 ViT-L/14 is 1.2 GB, and the engine host holds it twice while it loads.
            const { bytes, entry } = await testModel(config, weights, options.log);
            const models = await serve({ [`/${entry.file}`]: { body: bytes, type: 'application/octet-stream' } });
            const wasm = await hostVariant(host, 'wasm', 'wasm', weights, `${models.origin}/${entry.file}`, entry as ModelEntry, describeEnvironment(host.env));
            try {
              options.log(`engine host ${config} ${weights} batch 1: ${rounds} rounds of onnxruntime-node and the engine host in turn`);
              const [nodeRuns, wasmTimes] = await rotateVariants([node, wasm], 1, rounds);
              nodeTimes.push(...nodeRuns!);
              const f = figure(browserEncoderName(config, weights, 'wasm', 1), wasmTimes!, 'ms/image', wasm.note);
              f.baseline = baseline;
              figures.push(f);
              options.log(`${f.name}: ${f.median.toFixed(0)} ms/image`);
            } finally {
              await wasm.close();
              await models.close();
            }
          }
          figures.push(figure(baseline, nodeTimes, 'ms/image', node.note));
        } finally {
          await node.close();
        }
      }
    } finally {
      await host.browser.close();
    }
    return figures;
  },
};
