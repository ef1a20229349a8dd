// Retraining the person's head in the engine host after their reference set changed: the examples are
// read, fitted (fit-reference-head.ts) and the new head stored like any other; the background makes it
// active.
import { parseHeadPack, type Head } from '../../engine/head/head-pack';
import type { SimilarityMemo } from '../../engine/head/similarity-cache';
import { db } from '../shared/db';
import type { TrainingOutcome } from '../shared/references/types';
import { standaloneFeature, trainingSet, whyNotExtendable } from '../shared/references/training-set';
import { fitReferenceHead } from './fit-reference-head';

/** The last large retraining's similarity matrix: the next one, one example later, computes one row. */
let memo: SimilarityMemo | undefined;

export async function retrain(encoderId: string): Promise<TrainingOutcome> {
  const start = performance.now();
  const model = await db().models.get(encoderId);
  if (!model) return { trained: false, reason: `encoder ${encoderId} is not installed` };
  const set = await db().referenceSets.get(encoderId);
  let base: Head | undefined;
  if (set?.base) {
    const row = await db().heads.get(set.base);
    if (row) {
      base = parseHeadPack(row.pack, `head ${row.id}`);
      const why = whyNotExtendable(base);
      if (why !== undefined) return { trained: false, reason: why };
    }
  }
  const examples = await db().references.where('encoder').equals(encoderId).sortBy('addedAt');
  const training = trainingSet(examples, base ? base.pack.feature.name : standaloneFeature(model.entry), base);
  if ('reason' in training) return { trained: false, reason: training.reason };

  const previousRow = set?.head === undefined ? undefined : await db().heads.get(set.head);
  const previous = previousRow && parseHeadPack(previousRow.pack, `head ${previousRow.id}`);
  const options = {
    name: base ? `${base.pack.name} + my reference set` : 'My reference set',
    classes: training.classes,
    encoder: { id: model.entry.id, sha256: model.entry.sha256 },
    featureName: training.featureName,
    trainedOn: `the person's reference set (${examples.length} examples)${base ? ` and the training features of "${base.pack.name}"` : ''}`,
    software: 'originlens extension',
  };
  // Rows are named by what determines them: the base head's row index, or the feature and image hash.
  const keys = () => [
    ...Array.from({ length: base?.knn?.features.rows ?? 0 }, (_, i) => `${base!.pack.id}#${i}`),
    ...examples.map((e) => `${training.featureName}:${e.hash}`),
  ];
  const fitted = fitReferenceHead(training.data, options, keys, memo, previous);
  memo = fitted.memo;
  const { report } = fitted;
  const pack = report.head.pack;
  await db().transaction('rw', db().heads, db().referenceSets, async () => {
    await db().heads.put({ id: pack.id, encoder: encoderId, pack, installedAt: Date.now() });
    // The head it replaces goes: verdicts name their head, and a stale reference head would only confuse.
    if (set?.head !== undefined && set.head !== pack.id && set.head !== set.base) await db().heads.delete(set.head);
    await db().referenceSets.put({ encoder: encoderId, base: set?.base ?? null, head: pack.id });
  });
  const accuracy = 'trainingAccuracy' in report ? report.trainingAccuracy : report.validationAccuracy;
  return {
    trained: true,
    head: pack.id,
    classes: pack.classes,
    examples: training.data.features.rows,
    ms: performance.now() - start,
    ...(Number.isFinite(accuracy) ? { trainingAccuracy: accuracy } : {}),
    ...(report.leaveOneClassOutAuroc !== undefined ? { leaveOneClassOutAuroc: report.leaveOneClassOutAuroc } : {}),
  };
}
