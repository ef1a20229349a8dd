// Removes a head; if it was the active one, the choice falls back to the first head left.
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';
import { changeSettings, currentSettings } from '../storage';

export const headsRemove: Handler<'background', 'heads.remove'> = async ({ id }) => {
  if (!(await db().heads.get(id))) throw new Error(`head ${id} is not installed`);
  await db().heads.delete(id);
  if ((await currentSettings()).headId === id) await changeSettings({ headId: null });
  return null;
};
