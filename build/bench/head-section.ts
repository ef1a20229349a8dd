// Head training on the features of head-features.ts: the retraining a person triggers by enrolling an
// example (a fixed C, with the open-set calibration), a bare logistic-regression fit, and the command
// line's full sweep over the paper's 45 values of C.
import { fitLogisticRegression } from '../../src/engine/head/logistic-regression';
import { trainHead, type TrainHeadOptions } from '../../src/engine/head/train-head';
import { CLASSES, headFeatures } from './head-features';
import { figure, type Section } from './report';
import { rotate } from './timing';

const options: TrainHeadOptions = {
  name: 'bench',
  classes: CLASSES,
  encoder: { id: 'bench', sha256: '0'.repeat(64) },
  featureName: 'block12',
  trainedOn: 'benchmark features',
  software: 'originlens bench',
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const headSection: Section = {
  id: 'head',
  title: 'Head training, 500 examples × 768 dimensions, 5 classes',
  async run(bench) {
    const set = headFeatures();
    const rounds = bench.quick ? 2 : 9;
    bench.log(`head: ${rounds} rounds`);
    const [fit, retrain] = await rotate([
      () => void fitLogisticRegression(set.features, set.labels, CLASSES.length, { c: 1, maxIterations: 300 }),
      () => void trainHead(set, { ...options, c: 1, openSet: 'knn', k: 10 }),
    ], rounds);
    const figures = [
      figure('head/fit-c1', fit!, 'ms', 'one logistic-regression fit, cold start'),
      figure('head/retrain-c1-knn', retrain!, 'ms', 'fixed C with open-set calibration (a person enrolling an example); target < 100 ms'),
    ];
    // The sweep takes seconds: a quick run leaves it out.
    if (!bench.quick) {
      const [sweep] = await rotate([() => void trainHead(set, options)], 3, 0);
      figures.push(figure('head/train-c-sweep', sweep!, 'ms', "the paper's 45 values of C, as `originlens train` does"));
    }
    return figures;
  },
};
