// Stored verdicts are kept in the form that is shown. The engine host decides a verdict when its scores
// are new; when the person's thresholds or the installed heads change, every stored verdict is decided
// again here, from the evidence it keeps (no inference), and stored. Records then leave the background as
// they are stored, and every surface shows them as they are: nothing decides a verdict on its way out.
// One case is left for the way out: a verdict decided under thresholds that changed while it was being
// made (or stored by an older version). It is decided once, by the same function, and stored.
import { db, type HeadRow, type ModelRow } from '../shared/db';
import { headSetIds } from '../shared/head-set';
import { judgeAgain, personThresholds } from '../shared/judging';
import type { VerdictRecord } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { errorRecord } from '../shared/verdicts';
import type { Verdict } from '../../engine/types';
import type { ThresholdsOf } from '../../engine/verdict/decide';
import { changeSettings, currentSettings } from './storage';

export const TEST_MODEL_REFUSED = 'This verdict was made by a test model (random weights), which says nothing about real images.';

/** The thresholds a head set's verdicts are decided under; undefined when one of its heads is gone. */
function thresholdsFor(settings: Settings, headSet: string, packOf: (id: string) => HeadRow | undefined): ThresholdsOf | undefined {
  const ids = headSetIds(headSet);
  if (ids.some((id) => packOf(id) === undefined)) return undefined;
  return personThresholds(settings.thresholds, (id) => packOf(id)?.pack, ids[0], settings.headLlr);
}

/**
 * Decides every stored verdict again under the settings in force, storing those whose form changes.
 * Verdicts of a head removed since keep their stored form: there is nothing to decide them by.
 */
export async function judgeStoredVerdicts(): Promise<number> {
  const settings = await currentSettings();
  const heads = new Map((await db().heads.toArray()).map((h) => [h.id, h]));
  const under = new Map<string, ThresholdsOf | undefined>();
  const thresholdsOf = (headSet: string) => (under.has(headSet) ? under.get(headSet) : under.set(headSet, thresholdsFor(settings, headSet, (id) => heads.get(id))).get(headSet));
  let changed = 0;
  await db()
    .verdicts.toCollection()
    .modify((row) => {
      const t = thresholdsOf(row.head);
      const next = t ? judgeAgain(row.verdict, t) : row.verdict;
      if (next === row.verdict) return false;
      row.verdict = next;
      changed++;
      return true;
    });
  return changed;
}

/** The settings changed: where thresholds did, the stored verdicts are decided again before the answer. */
export async function changeSettingsAndVerdicts(patch: unknown): Promise<Settings> {
  const before = await currentSettings();
  const after = await changeSettings(patch);
  const moved = JSON.stringify([before.thresholds, before.headLlr]) !== JSON.stringify([after.thresholds, after.headLlr]);
  if (moved) await judgeStoredVerdicts();
  return after;
}

/**
 * Records as they leave the background. A verdict of an encoder that is gone, or of a test model outside
 * test builds, becomes an error (what the file declares needs no model, and stays). A verdict decided
 * under thresholds no longer in force is decided again once and stored; every other one leaves as stored.
 */
export async function recordsInForce(records: VerdictRecord[]): Promise<VerdictRecord[]> {
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
        const refused = errorRecord(model === undefined ? `The encoder ${verdict.encoder} that made this verdict is no longer installed.` : TEST_MODEL_REFUSED);
        return record.provenance ? { ...refused, provenance: record.provenance } : refused;
      }
      const ids = headSetIds(verdict.head);
      const rows = new Map((await Promise.all(ids.map(headRow))).flatMap((r) => (r ? [[r.id, r] as const] : [])));
      const t = thresholdsFor(settings, verdict.head, (id) => rows.get(id));
      if (!t) return record;
      const current = judgeAgain(verdict, t);
      if (current === verdict) return record;
      if (record.hash !== undefined) await storeDecided(record.hash, current);
      return { ...record, verdict: current };
    }),
  );
}

/** Stores the verdict's new form, if its row is still there; a write that fails only means deciding it again next time. */
async function storeDecided(hash: string, verdict: Verdict): Promise<void> {
  await db()
    .verdicts.update([hash, verdict.encoder, verdict.head], { verdict })
    .catch(() => undefined);
}

export async function recordInForce(record: VerdictRecord): Promise<VerdictRecord> {
  const [judged] = await recordsInForce([record]);
  return judged!;
}
