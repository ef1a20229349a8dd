// A head pack as the file it came from (or the command line wrote), for sharing or backing up.
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';

export const headsExport: Handler<'background', 'heads.export'> = async ({ id }) => {
  const row = await db().heads.get(id);
  if (!row) throw new Error(`head ${id} is not installed`);
  return row.pack;
};
