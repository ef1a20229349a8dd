// The one place verdict records leave the background through: every record is judged again with the
// thresholds in force now (the person's, else its head's), so popup, badges and overlay agree, and a
// verdict of a test model becomes an error outside test builds, whatever cache it came from.
import { db, type HeadRow, type ModelRow } from '../shared/db';
import { headSetIds } from '../shared/head-set';
import { personThresholds, rejudgeRecord } from '../shared/judging';
import type { VerdictRecord } from '../shared/protocol';
import { errorRecord } from '../shared/verdicts';
import { currentSettings } from './storage';

export const TEST_MODEL_REFUSED = 'This verdict was made by a test model (random weights), which says nothing about real images.';

export async function judgeRecords(records: VerdictRecord[]): Promise<VerdictRecord[]> {
  const settings = await currentSettings();
  const heads = new Map<string, Promise<HeadRow | undefined>>();
  const models = new Map<string, Promise<ModelRow | undefined>>();
  const headRow = (id: string) => heads.get(id) ?? heads.set(id, db().heads.get(id)).get(id)!;
  const modelRow = (id: string) => models.get(id) ?? models.set(id, db().models.get(id)).get(id)!;
  return Promise.all(
    records.map(async (record) => {
      const { verdict } = record;
      if (verdict.kind === 'error') return record;
      const model = await modelRow(verdict.encoder);
      if (!__ORIGINLENS_TEST_BUILD__ && (model === undefined || model.entry.test)) {
        // An encoder we cannot vouch for (removed since, or a test model) makes no verdict a person sees;
        // what the file declares needs no model, and stays.
        const refused = errorRecord(model === undefined ? `The encoder ${verdict.encoder} that made this verdict is no longer installed.` : TEST_MODEL_REFUSED);
        return record.provenance ? { ...refused, provenance: record.provenance } : refused;
      }
      const ids = headSetIds(verdict.head);
      const rows = await Promise.all(ids.map(headRow));
      // A head removed since: its stored judgement is all there is.
      if (rows.some((r) => r === undefined)) return record;
      const packs = new Map(rows.map((r) => [r!.id, r!.pack]));
      return rejudgeRecord(record, personThresholds(settings.thresholds, (id) => packs.get(id), ids[0], settings.headLlr));
    }),
  );
}

export async function judgeRecord(record: VerdictRecord): Promise<VerdictRecord> {
  const [judged] = await judgeRecords([record]);
  return judged!;
}
