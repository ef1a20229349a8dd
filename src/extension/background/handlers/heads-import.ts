// A head pack file from the options page: validated, and refused unless its very encoder is installed.
// The first head installed becomes the active one, so that importing is all it takes to get verdicts.
import type { Handler } from '../../shared/dispatcher';
import { installHead } from '../../shared/model-store';
import { db } from '../../shared/db';
import { headSummary } from '../model-summaries';
import { changeSettings, currentSettings } from '../storage';
import { judgeStoredVerdicts } from '../verdicts-in-force';

export const headsImport: Handler<'background', 'heads.import'> = async ({ pack, source }) => {
  const head = await installHead(pack, source);
  const { headId } = await currentSettings();
  if (headId === null || !(await db().heads.get(headId))) await changeSettings({ headId: head.pack.id });
  // The heads changed: the verdicts they made are decided again under their packs.
  await judgeStoredVerdicts();
  const row = await db().heads.get(head.pack.id);
  if (!row) throw new Error(`head ${head.pack.id} was not stored`);
  return headSummary(row);
};
