// The options page's live preview: the active head set's cached verdicts counted as they are stored
// (decided under the thresholds in force) and as they would be under the ones being edited (the active
// head's and each combined head's LLR threshold), decided from their stored evidence (no inference) and
// not stored: those thresholds are not saved yet.
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';
import { countKinds, effectiveThresholds, emptyCounts, headDefaults, judgeAgain, personThresholds } from '../../shared/judging';
import { headSetIds } from '../../shared/head-set';
import { activeModels } from '../active-models';
import { currentSettings } from '../storage';

export const verdictsPreview: Handler<'background', 'verdicts.preview'> = async (args) => {
  const settings = await currentSettings();
  const active = await activeModels(settings);
  const head = 'missing' in active ? undefined : await db().heads.get(active.primary);
  if (!head || 'missing' in active) {
    const none = { llr: Number.NaN, openSet: Number.NaN };
    return { current: none, proposed: none, before: emptyCounts(), after: emptyCounts() };
  }
  const current = effectiveThresholds(settings.thresholds, head.pack);
  const proposed = effectiveThresholds(args.thresholds, head.pack);
  const rows = await db()
    .verdicts.filter((r) => r.encoder === active.encoder && r.head === active.head)
    .toArray();
  const heads = await db().heads.bulkGet(headSetIds(active.head));
  const packs = new Map(heads.flatMap((h) => (h ? [[h.id, h.pack] as const] : [])));
  const headLlr = Object.fromEntries(Object.entries(args.headLlr ?? settings.headLlr).filter(([, v]) => Number.isFinite(v)));
  const proposedOf = personThresholds(args.thresholds, (id) => packs.get(id), head.id, headLlr);
  const combined = heads.slice(1).flatMap((h) => (h ? [{ id: h.id, name: h.pack.name, own: h.pack.thresholds.llr }] : []));
  return {
    head: { id: head.id, name: head.pack.name, defaults: headDefaults(head.pack) },
    current,
    proposed,
    before: countKinds(rows.map((r) => r.verdict)),
    after: countKinds(rows.map((r) => judgeAgain(r.verdict, proposedOf))),
    combined,
  };
};
