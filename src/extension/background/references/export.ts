// The reference set as a file a colleague can import: every example with its features (base64 float32,
// as head packs store theirs) and thumbnail, and the head trained from them.
import { encodeFloat32Base64 } from '../../../engine/head/head-pack';
import { db } from '../../shared/db';
import { REFERENCE_FORMAT, REFERENCE_VERSION, type ReferenceExport } from '../../shared/references/types';
import { requireReferenceEncoder } from './reference-encoder';

export async function exportReferences(): Promise<ReferenceExport> {
  const encoder = await requireReferenceEncoder();
  const model = await db().models.get(encoder);
  if (!model) throw new Error(`encoder ${encoder} is not installed`);
  const rows = await db().references.where('encoder').equals(encoder).sortBy('addedAt');
  const set = await db().referenceSets.get(encoder);
  const pack = set?.head === undefined ? undefined : (await db().heads.get(set.head))?.pack;
  const head = pack?.kind === 'attribution' ? pack : undefined;
  return {
    format: REFERENCE_FORMAT,
    version: REFERENCE_VERSION,
    encoder: { id: model.entry.id, sha256: model.entry.sha256 },
    exportedAt: new Date().toISOString(),
    examples: rows.map(({ hash, label, thumbnail, addedAt, features }) => ({
      hash,
      label,
      thumbnail,
      addedAt,
      features: Object.fromEntries(Object.entries(features).map(([name, v]) => [name, encodeFloat32Base64(v)])),
    })),
    ...(head ? { head } : {}),
  };
}
