// What the options page and popup are told about installed models: everything but the bytes and weights.
import type { HeadRow, ModelRow } from '../shared/db';
import { headDefaults } from '../shared/judging';
import type { InstalledEncoder, InstalledHead } from '../shared/protocol';

export function encoderSummary(row: ModelRow): InstalledEncoder {
  const { entry } = row;
  return { id: entry.id, name: entry.name, bytes: entry.bytes, sha256: entry.sha256, test: entry.test, installedAt: row.installedAt };
}

export function headSummary(row: HeadRow): InstalledHead {
  const { pack } = row;
  return {
    id: pack.id,
    name: pack.name,
    kind: pack.kind,
    encoder: pack.encoder.id,
    classes: pack.kind === 'attribution' ? [...pack.classes] : [],
    defaults: headDefaults(pack),
    trainedOn: pack.provenance.trainedOn,
    installedAt: row.installedAt,
  };
}
