// The options page's live preview: the active head's cached verdicts counted under the thresholds in
// force and under the ones being edited, judged again from their stored scores (no inference).
import { db } from '../../shared/db';
import type { Handler } from '../../shared/dispatcher';
import { countKinds, effectiveThresholds, emptyCounts, headDefaults, rejudgeVerdict } from '../../shared/judging';
import { activeModels } from '../active-models';
import { currentSettings } from '../storage';

export const verdictsPreview: Handler<'background', 'verdicts.preview'> = async (args) => {
  const settings = await currentSettings();
  const active = await activeModels(settings);
  const head = 'missing' in active ? undefined : await db().heads.get(active.head);
  if (!head || 'missing' in active) {
    const none = { llr: Number.NaN, openSet: Number.NaN };
    return { current: none, proposed: none, before: emptyCounts(), after: emptyCounts() };
  }
  const current = effectiveThresholds(settings.thresholds, head.pack);
  const proposed = effectiveThresholds(args.thresholds, head.pack);
  const rows = await db()
    .verdicts.filter((r) => r.encoder === active.encoder && r.head === active.head)
    .toArray();
  return {
    head: { id: head.id, name: head.pack.name, defaults: headDefaults(head.pack) },
    current,
    proposed,
    before: countKinds(rows.map((r) => rejudgeVerdict(r.verdict, current))),
    after: countKinds(rows.map((r) => rejudgeVerdict(r.verdict, proposed))),
  };
};
