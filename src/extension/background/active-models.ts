// Which encoder and heads verdicts are made with now: the head the settings name (or the only one
// installed), the heads the person combined with it that read the same encoder, and that encoder.
import { db } from '../shared/db';
import { headSetKey } from '../shared/head-set';
import type { Settings } from '../shared/settings';

/** `head` is the key of every head the verdict combines (shared/head-set.ts), `primary` the one the settings name. */
export type ActiveModels = { encoder: string; head: string; primary: string } | { missing: string };

export const NO_MODEL = 'No attribution model is installed yet. Open the OriginLens welcome page to install a detector in one step.';

export async function activeModels(settings: Settings): Promise<ActiveModels> {
  const heads = db().heads;
  const chosen = settings.headId === null ? undefined : await heads.get(settings.headId);
  const head = chosen ?? (await heads.orderBy('id').first());
  if (!head) return { missing: NO_MODEL };
  const encoder = await db().models.get(head.encoder);
  if (!encoder) return { missing: `The encoder ${head.encoder} of head "${head.pack.name}" is not installed. Open the OriginLens options to install it.` };
  const also = (await heads.bulkGet(settings.withHeads)).filter((h) => h !== undefined && h.id !== head.id && h.encoder === head.encoder);
  return { encoder: encoder.id, head: headSetKey([head.id, ...also.map((h) => h!.id)]), primary: head.id };
}
