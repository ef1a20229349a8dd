// Which encoder's reference set the person works on: the active head's encoder, else the only (first)
// installed encoder, so a person with an encoder and no head can still build a stand-alone set.
import { db } from '../../shared/db';
import { activeModels } from '../active-models';
import { currentSettings } from '../storage';

export async function referenceEncoder(): Promise<string | undefined> {
  const active = await activeModels(await currentSettings());
  if ('encoder' in active) {
    // The active head may itself be the reference head: its encoder is the one either way.
    return active.encoder;
  }
  return (await db().models.orderBy('id').first())?.id;
}

export async function requireReferenceEncoder(): Promise<string> {
  const encoder = await referenceEncoder();
  if (encoder === undefined) throw new Error('No encoder is installed yet: install one in the options before teaching OriginLens a generator.');
  return encoder;
}
