// The examples a reference head is trained on: the person's, and, when they extend an imported head, that
// head's own training features (kept in packs whose open-set score is k-NN). Pure, so it is unit-tested.
import { l2Normalize } from '../../../engine/head/score';
import type { Head } from '../../../engine/head/head-pack';
import type { LabelledFeatures } from '../../../engine/head/train-head';
import { REAL, type FeatureSet, type ModelEntry } from '../../../engine/types';

export interface PersonExample {
  label: string;
  features: FeatureSet;
}

export interface TrainingSet {
  data: LabelledFeatures;
  classes: string[];
  featureName: string;
}

/** Why a head cannot be extended, or undefined when it can. */
export function whyNotExtendable(head: Head): string | undefined {
  if (!head.knn) return `"${head.pack.name}" does not carry its training features (its open-set score is ${head.pack.openSet.method}, not knn), so a reference set can only stand alone beside it`;
  return undefined;
}

/** The feature a stand-alone reference set uses: the final embedding when the encoder has one, else its last block. */
export function standaloneFeature(entry: ModelEntry): string {
  const names = Object.keys(entry.features);
  if (names.includes('embedding')) return 'embedding';
  const last = names.at(-1);
  if (last === undefined) throw new Error(`${entry.id} names no features`);
  return last;
}

/** Fewer examples than this in a class and it cannot be calibrated leave-one-out. */
export const MIN_PER_CLASS = 2;

/** The training set, or why there is none yet (a reason the person can act on). */
export function trainingSet(examples: readonly PersonExample[], featureName: string, base?: Head): TrainingSet | { reason: string } {
  const classes: string[] = base ? [...base.pack.classes] : [];
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  if (base?.knn) {
    const { rows: n, cols, data } = base.knn.features;
    for (let i = 0; i < n; i++) {
      rows.push(data.slice(i * cols, (i + 1) * cols));
      labels.push(base.knn.labels[i]!);
    }
  }
  for (const example of examples) {
    const feature = example.features[featureName];
    if (!feature) return { reason: `an example of "${example.label}" has no "${featureName}" feature` };
    if (!classes.includes(example.label)) classes.push(example.label);
    rows.push(l2Normalize(feature));
    labels.push(classes.indexOf(example.label));
  }
  if (!classes.includes(REAL)) return { reason: 'Add a few real photos ("This is a real photo") as well as generated images.' };
  if (classes.length < 2) return { reason: 'Add images of at least one generator as well as real photos.' };
  for (let k = 0; k < classes.length; k++) {
    const count = labels.filter((l) => l === k).length;
    if (count < MIN_PER_CLASS) return { reason: `"${classes[k]}" needs at least ${MIN_PER_CLASS} examples (it has ${count}).` };
  }
  const dim = rows[0]!.length;
  if (rows.some((r) => r.length !== dim)) return { reason: 'the examples have features of different sizes' };
  const data = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => data.set(r, i * dim));
  return { data: { features: { rows: rows.length, cols: dim, data }, labels: Int32Array.from(labels) }, classes, featureName };
}
