// Retraining the person's head after they enrol an example (issue: under 100 ms for 500 examples of 768
// dimensions, in the engine host): the fast path of retrain-head.ts (fixed C, leave-one-out k-NN
// calibration, one warm-started fit at a looser tolerance), its parts, and trainHead with a fixed C
// (held-out fifth, two fits) as the baseline, timed in rotation. Every run gets a fresh feature matrix,
// as a real retraining does, so the similarity matrix is never reused between runs.
import { buildKnnReference, leaveOneOutScores } from '../../src/engine/head/knn';
import { fitLogisticRegression } from '../../src/engine/head/logistic-regression';
import { RETRAIN_C, RETRAIN_MAX_ITERATIONS, RETRAIN_TOLERANCE, retrainHead } from '../../src/engine/head/retrain-head';
import { trainHead } from '../../src/engine/head/train-head';
import { similaritiesWith } from '../../src/engine/head/similarity-cache';
import { CLASSES, DIM, headFeatures, ROWS } from './head-features';
import { figure, type Section } from './report';
import { rotate } from './timing';

const options = {
  name: 'bench',
  classes: CLASSES,
  encoder: { id: 'bench', sha256: '0'.repeat(64) },
  featureName: 'block12',
  k: 10,
  trainedOn: 'benchmark features',
  software: 'originlens bench',
  createdAt: '2026-01-01T00:00:00.000Z',
};

export const retrainSection: Section = {
  id: 'retrain',
  title: 'Retraining after an enrolment, 500 examples × 768 dimensions, 5 classes',
  async run(bench) {
    const set = headFeatures();
    const fresh = () => ({ features: { ...set.features }, labels: set.labels });
    // The head before the newest example: what the warm start starts from.
    const before = { features: { rows: ROWS - 1, cols: DIM, data: set.features.data.subarray(0, (ROWS - 1) * DIM) }, labels: set.labels.subarray(0, ROWS - 1) };
    const previous = retrainHead(before, options).head;
    // What the engine host keeps from the retraining before: the similarities of the first 499 examples.
    const keys = Array.from({ length: ROWS }, (_, i) => `example-${i}`);
    const memo = similaritiesWith(undefined, keys.slice(0, -1), before.features);
    const rounds = bench.quick ? 2 : 9;
    bench.log(`retrain: ${rounds} rounds`);
    const [baseline, cold, warm, incremental, knn, fit] = await rotate(
      [
        () => void trainHead(fresh(), { ...options, c: RETRAIN_C, openSet: 'knn' }),
        () => void retrainHead(fresh(), options),
        () => void retrainHead(fresh(), { ...options, previous }),
        () => {
          const set500 = fresh();
          const { similarities } = similaritiesWith(memo, keys, set500.features);
          retrainHead(set500, { ...options, previous, similarities });
        },
        () => {
          const { features: m, labels } = fresh();
          const ref = buildKnnReference(m, labels, CLASSES.length, 10);
          leaveOneOutScores(ref);
        },
        () => void fitLogisticRegression(set.features, set.labels, CLASSES.length, { c: RETRAIN_C, maxIterations: RETRAIN_MAX_ITERATIONS, tolerance: RETRAIN_TOLERANCE }),
      ],
      rounds,
    );
    const base = 'retrain/train-head-fixed-c';
    const vs = (f: ReturnType<typeof figure>) => ({ ...f, baseline: base });
    return [
      figure(base, baseline!, 'ms', `trainHead with C = ${RETRAIN_C} and knn: a held-out fifth, two fits at tolerance 1e-6`),
      vs(figure('retrain/fast-cold', cold!, 'ms', 'retrainHead without a previous head; target < 100 ms')),
      vs(figure('retrain/fast-warm', warm!, 'ms', 'retrainHead warm-started from the head before the newest example; target < 100 ms')),
      vs(figure('retrain/fast-warm-incremental', incremental!, 'ms', 'as the engine host does it: warm start, and the similarities of the 499 earlier examples carried over; target < 100 ms')),
      vs(figure('retrain/knn-calibration', knn!, 'ms', 'similarity matrix and leave-one-out threshold')),
      vs(figure('retrain/fit', fit!, 'ms', `one fit, cold, tolerance ${RETRAIN_TOLERANCE}`)),
    ];
  },
};
