// The reference set as the options page shows it: classes with counts and thumbnails, the head it
// extends (and which installed heads could be extended), and the head trained from it.
import { parseHeadPack } from '../../../engine/head/head-pack';
import { db } from '../../shared/db';
import type { ReferenceClass, ReferenceState } from '../../shared/references/types';
import { whyNotExtendable } from '../../shared/references/training-set';
import { referenceEncoder } from './reference-encoder';

export async function referenceState(): Promise<ReferenceState> {
  const encoder = await referenceEncoder();
  if (encoder === undefined) return { classes: [], base: null, bases: [] };
  const rows = await db().references.where('encoder').equals(encoder).sortBy('addedAt');
  const byLabel = new Map<string, ReferenceClass>();
  for (const { label, hash, thumbnail, addedAt } of rows) {
    const entry = byLabel.get(label) ?? { label, count: 0, examples: [] };
    entry.count++;
    entry.examples.push({ hash, label, thumbnail, addedAt });
    byLabel.set(label, entry);
  }
  const set = await db().referenceSets.get(encoder);
  const heads = await db().heads.where('encoder').equals(encoder).toArray();
  const bases = heads
    .filter((h) => h.id !== set?.head && h.pack.kind === 'attribution')
    .map((h) => {
      const head = parseHeadPack(h.pack, `head ${h.id}`);
      const why = whyNotExtendable(head);
      return { id: h.id, name: h.pack.name, classes: [...head.pack.classes], extendable: why === undefined, ...(why !== undefined ? { why } : {}) };
    });
  const state: ReferenceState = { encoder, classes: [...byLabel.values()].sort((a, b) => a.label.localeCompare(b.label)), base: set?.base ?? null, bases };
  if (set?.head !== undefined) state.head = set.head;
  return state;
}
