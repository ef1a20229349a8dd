// Edits of the reference set from the options page, each followed by retraining.
import { db } from '../../shared/db';
import type { TrainingOutcome } from '../../shared/references/types';
import { afterChange } from './after-change';
import { checkLabel } from './labels';
import { requireReferenceEncoder } from './reference-encoder';

export async function removeExample(hash: string): Promise<TrainingOutcome> {
  const encoder = await requireReferenceEncoder();
  await db().references.delete([encoder, hash]);
  return afterChange(encoder);
}

/** Renames a class; onto a name that exists, the two classes become one (a merge). */
export async function renameClass(from: string, rawTo: string): Promise<TrainingOutcome> {
  const encoder = await requireReferenceEncoder();
  const to = checkLabel(rawTo);
  await db().references.where('encoder').equals(encoder).and((r) => r.label === from).modify({ label: to });
  return afterChange(encoder);
}

export async function deleteClass(label: string): Promise<TrainingOutcome> {
  const encoder = await requireReferenceEncoder();
  await db().references.where('encoder').equals(encoder).and((r) => r.label === label).delete();
  return afterChange(encoder);
}

export async function setBase(head: string | null): Promise<TrainingOutcome> {
  const encoder = await requireReferenceEncoder();
  if (head !== null) {
    const row = await db().heads.get(head);
    if (!row || row.encoder !== encoder) throw new Error(`head ${head} is not installed for encoder ${encoder}`);
  }
  const set = await db().referenceSets.get(encoder);
  await db().referenceSets.put({ ...(set ?? { encoder }), encoder, base: head });
  return afterChange(encoder);
}
