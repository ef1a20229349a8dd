// Hashes an installed encoder's bytes again: storage can rot, and a model is trusted only by its hash.
import { sha256OfBlob } from '../../../engine/hash';
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';

export const modelsVerify: Handler<'background', 'models.verify'> = async ({ id }) => {
  const row = await db().models.get(id);
  if (!row) throw new Error(`encoder ${id} is not installed`);
  const sha256 = await sha256OfBlob(row.bytes);
  return { id, sha256, ok: sha256 === row.entry.sha256 && row.bytes.size === row.entry.bytes };
};
