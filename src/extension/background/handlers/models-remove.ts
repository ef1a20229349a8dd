// Removes an encoder, the heads bound to it and the verdicts it made (they could not be shown anyway).
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';
import { resetEngineIfRunning } from '../engine-reset';
import { changeSettings, currentSettings } from '../storage';

export const modelsRemove: Handler<'background', 'models.remove'> = async ({ id }) => {
  const d = db();
  if (!(await d.models.get(id))) throw new Error(`encoder ${id} is not installed`);
  const heads = await d.heads.where('encoder').equals(id).primaryKeys();
  await d.transaction('rw', d.models, d.heads, d.verdicts, async () => {
    await d.models.delete(id);
    await d.heads.bulkDelete(heads);
    await d.verdicts.filter((r) => r.encoder === id).delete();
  });
  const { headId } = await currentSettings();
  if (headId !== null && heads.includes(headId)) await changeSettings({ headId: null });
  await resetEngineIfRunning();
  return { heads: heads.length };
};
