// Importing a colleague's reference set into the person's: conflicts first (import-plan.ts), then the
// rows the person's resolution allows, then retraining.
import { db } from '../../shared/db';
import { parseReferenceFile, planImport } from '../../shared/references/import-plan';
import type { ImportOutcome, ImportResolution } from '../../shared/references/types';
import { afterChange } from './after-change';
import { requireReferenceEncoder } from './reference-encoder';

export async function importReferences(raw: unknown, resolution: ImportResolution | undefined): Promise<ImportOutcome> {
  const file = parseReferenceFile(raw);
  const encoder = await requireReferenceEncoder();
  const model = await db().models.get(encoder);
  if (!model) throw new Error(`encoder ${encoder} is not installed`);
  const rows = await db().references.where('encoder').equals(encoder).toArray();
  const mine = { encoder: { id: model.entry.id, sha256: model.entry.sha256 }, labels: new Map(rows.map((r) => [r.hash, r.label])) };
  const plan = planImport(file, mine, resolution);
  if ('conflicts' in plan) return { applied: false, conflicts: plan.conflicts };
  await db().references.bulkPut(plan.write.map((e) => ({ encoder, hash: e.hash, label: e.label, features: e.features, thumbnail: e.thumbnail, addedAt: e.addedAt })));
  return { applied: true, added: plan.added, relabelled: plan.relabelled, skipped: plan.skipped, training: await afterChange(encoder) };
}
