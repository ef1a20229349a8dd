// Which encoder and head verdicts are made with now: the head the settings name (or the only one
// installed), and the encoder that head belongs to.
import { db } from '../shared/db';
import type { Settings } from '../shared/settings';

export type ActiveModels = { encoder: string; head: string } | { missing: string };

export const NO_MODEL = 'No attribution model is installed yet. Open the OriginLens options to install one.';

export async function activeModels(settings: Settings): Promise<ActiveModels> {
  const heads = db().heads;
  const chosen = settings.headId === null ? undefined : await heads.get(settings.headId);
  const head = chosen ?? (await heads.orderBy('id').first());
  if (!head) return { missing: NO_MODEL };
  const encoder = await db().models.get(head.encoder);
  if (!encoder) return { missing: `The encoder ${head.encoder} of head "${head.pack.name}" is not installed. Open the OriginLens options to install it.` };
  return { encoder: encoder.id, head: head.id };
}
