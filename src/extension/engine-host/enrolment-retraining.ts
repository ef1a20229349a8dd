// The benchmark's retraining (build/bench/browser-retrain-section.ts), the same in the engine host of a
// test build and in Node: the fit that follows one more enrolment into a large reference set, as
// retrain.ts runs it, warm-started from the head fitted on all but the newest example and with that
// fit's similarity matrix carried over.
import type { LabelledFeatures } from '../../engine/head/train-head';
import { fitReferenceHead, type ReferenceHeadOptions } from './fit-reference-head';

/** Fits the head before the newest example (untimed) and returns one run of the fit after it. */
export function enrolmentRetraining(data: LabelledFeatures, classes: string[]): () => void {
  const { rows, cols } = data.features;
  const keys = Array.from({ length: rows }, (_, i) => `example-${i}`);
  const options: ReferenceHeadOptions = {
    name: 'bench',
    classes,
    encoder: { id: 'bench', sha256: '0'.repeat(64) },
    featureName: 'block12',
    trainedOn: 'benchmark features',
    software: 'originlens bench',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
  const before: LabelledFeatures = {
    features: { rows: rows - 1, cols, data: data.features.data.subarray(0, (rows - 1) * cols) },
    labels: data.labels.subarray(0, rows - 1),
  };
  const { report, memo } = fitReferenceHead(before, options, () => keys.slice(0, -1));
  return () => void fitReferenceHead(data, options, () => keys, memo, report.head);
}
