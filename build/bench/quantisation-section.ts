// What int8 costs in accuracy, beside what it gains in time: the cosine similarity of int8 features to
// float32 ones on the committed fixture images (the test asserts ≥ 0.99 on the tiny model; this reports
// the full-size one).
import { createEncoder } from '../../src/engine/encoder';
import { loadRuntime } from '../../src/node/ort-runtimes';
import { fixturePixels } from '../../test/support/fixture-pixels';
import { cosine } from '../../test/support/vectors';
import type { VitConfigName } from '../make-test-encoder';
import { testModel } from './models';
import { figure, type Section } from './report';

export const quantisationSection: Section = {
  id: 'quantisation',
  title: 'int8 against float32 features (cosine similarity, fixture images, onnxruntime-node)',
  async run(options) {
    const config: VitConfigName = options.quick ? 'tiny' : 'b32';
    const { ort, runtime, executionProviders } = await loadRuntime('node');
    const features = [];
    let names: string[] = [];
    for (const weights of ['float32', 'int8'] as const) {
      const { bytes, entry } = await testModel(config, weights, options.log);
      const encoder = await createEncoder(ort, bytes, entry, { runtime, executionProviders });
      try {
        const images = await fixturePixels(entry.input);
        names = [...images.keys()];
        const all = [];
        // Batches of 8 keep the float32 full-size model's activations small.
        const pixels = [...images.values()];
        for (let i = 0; i < pixels.length; i += 8) all.push(...(await encoder.encode(pixels.slice(i, i + 8))));
        features.push(all);
      } finally {
        await encoder.release();
      }
    }
    const [float, int8] = features as [typeof features[0], typeof features[0]];
    const perImage = float.map((set, i) => Math.min(...Object.entries(set).map(([name, v]) => cosine(v, int8[i]![name]!))));
    const worst = perImage.indexOf(Math.min(...perImage));
    const blocks = Object.keys(float[0]!);
    const lastBlock = blocks[blocks.length - 1]!;
    const last = float.map((set, i) => cosine(set[lastBlock]!, int8[i]![lastBlock]!));
    return [
      figure(`quantisation/${config}/int8/worst-feature-cosine`, perImage, 'cosine', `per image, the lowest over all ${blocks.length} features; lowest ${Math.min(...perImage).toFixed(4)} (${names[worst]}); must be ≥ 0.99`),
      figure(`quantisation/${config}/int8/${lastBlock}-cosine`, last, 'cosine', `lowest ${Math.min(...last).toFixed(4)}`),
    ];
  },
};
