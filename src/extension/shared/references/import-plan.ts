// Importing a reference set file: checked field by field (it comes from someone else), compared with the
// person's own set, and turned into a plan. Nothing is ever overwritten silently: every clash is reported
// and needs a resolution the person chose. Pure, so it is unit-tested.
import { decodeFloat32Base64 } from '../../../engine/head/head-pack';
import { REAL, type FeatureSet } from '../../../engine/types';
import { REFERENCE_FORMAT, REFERENCE_VERSION, type ImportConflicts, type ImportResolution } from './types';

export interface ParsedExample {
  hash: string;
  label: string;
  thumbnail: string;
  addedAt: number;
  features: FeatureSet;
}

export interface ParsedReferences {
  encoder: { id: string; sha256: string };
  examples: ParsedExample[];
}

export class ReferenceFileError extends Error {
  override name = 'ReferenceFileError';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_EXAMPLES = 20_000;
const MAX_LABEL = 60;

export function parseReferenceFile(raw: unknown): ParsedReferences {
  if (!isObject(raw) || raw.format !== REFERENCE_FORMAT) throw new ReferenceFileError(`not an OriginLens reference set (format is not "${REFERENCE_FORMAT}")`);
  if (raw.version !== REFERENCE_VERSION) throw new ReferenceFileError(`reference set version ${String(raw.version)} is not supported (this version reads ${REFERENCE_VERSION})`);
  const encoder = raw.encoder;
  if (!isObject(encoder) || typeof encoder.id !== 'string' || typeof encoder.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(encoder.sha256)) {
    throw new ReferenceFileError('encoder: expected an id and a SHA-256');
  }
  if (!Array.isArray(raw.examples) || raw.examples.length > MAX_EXAMPLES) throw new ReferenceFileError(`examples: expected a list of at most ${MAX_EXAMPLES}`);
  const examples = raw.examples.map((e: unknown, i): ParsedExample => {
    const at = `examples[${i}]`;
    if (!isObject(e)) throw new ReferenceFileError(`${at}: expected an object`);
    if (typeof e.hash !== 'string' || !/^[0-9a-f]{64}$/.test(e.hash)) throw new ReferenceFileError(`${at}.hash: expected a SHA-256`);
    // eslint-disable-next-line no-control-regex
    if (typeof e.label !== 'string' || e.label.trim() === '' || e.label.length > MAX_LABEL || /[\u0000-\u001f\u007f]/.test(e.label)) {
      throw new ReferenceFileError(`${at}.label: expected a class name of at most ${MAX_LABEL} characters`);
    }
    // Only our own thumbnails: small PNG data: URLs, which the options page shows as images.
    if (typeof e.thumbnail !== 'string' || !/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/.test(e.thumbnail) || e.thumbnail.length > 64_000) {
      throw new ReferenceFileError(`${at}.thumbnail: expected a small PNG data: URL`);
    }
    if (typeof e.addedAt !== 'number' || !Number.isFinite(e.addedAt)) throw new ReferenceFileError(`${at}.addedAt: expected a time`);
    if (!isObject(e.features)) throw new ReferenceFileError(`${at}.features: expected an object`);
    const features: FeatureSet = {};
    for (const [name, text] of Object.entries(e.features)) {
      if (typeof text !== 'string') throw new ReferenceFileError(`${at}.features.${name}: expected base64 text`);
      const v = decodeFloat32Base64(text);
      if (v.length === 0 || !v.every(Number.isFinite)) throw new ReferenceFileError(`${at}.features.${name}: expected finite numbers`);
      features[name] = v;
    }
    return { hash: e.hash, label: e.label === REAL ? REAL : e.label.trim(), thumbnail: e.thumbnail, addedAt: e.addedAt, features };
  });
  return { encoder: { id: encoder.id, sha256: encoder.sha256 }, examples };
}

export interface Mine {
  encoder: { id: string; sha256: string };
  /** hash → label of the person's examples. */
  labels: Map<string, string>;
}

export function findConflicts(file: ParsedReferences, mine: Mine): ImportConflicts {
  const conflicts: ImportConflicts = { classes: [], examples: [] };
  if (file.encoder.sha256 !== mine.encoder.sha256) conflicts.encoder = { file: file.encoder.id, installed: mine.encoder.id };
  const myClasses = new Set(mine.labels.values());
  // "real" means the same thing in every set: never a clash.
  conflicts.classes = [...new Set(file.examples.map((e) => e.label))].filter((l) => l !== REAL && myClasses.has(l)).sort();
  for (const e of file.examples) {
    const label = mine.labels.get(e.hash);
    if (label !== undefined && label !== e.label) conflicts.examples.push({ hash: e.hash, mine: label, theirs: e.label });
  }
  return conflicts;
}

export function hasConflicts(c: ImportConflicts): boolean {
  return c.encoder !== undefined || c.classes.length > 0 || c.examples.length > 0;
}

export interface ImportPlan {
  /** Rows to write (new examples, and relabelled ones when the file's label wins). */
  write: ParsedExample[];
  added: number;
  relabelled: number;
  skipped: number;
}

/** What to write under a resolution. A different encoder cannot be resolved: its features mean nothing here. */
export function planImport(file: ParsedReferences, mine: Mine, resolution: ImportResolution | undefined): ImportPlan | { conflicts: ImportConflicts } {
  const conflicts = findConflicts(file, mine);
  if (conflicts.encoder) return { conflicts };
  if (hasConflicts(conflicts) && resolution === undefined) return { conflicts };
  const clashing = new Set(conflicts.classes);
  const plan: ImportPlan = { write: [], added: 0, relabelled: 0, skipped: 0 };
  for (const e of file.examples) {
    const label = clashing.has(e.label) && resolution?.classes === 'rename' ? `${e.label} (imported)`.slice(0, MAX_LABEL) : e.label;
    const current = mine.labels.get(e.hash);
    if (current === undefined) {
      plan.write.push({ ...e, label });
      plan.added++;
    } else if (current !== label && resolution?.examples === 'replace') {
      plan.write.push({ ...e, label });
      plan.relabelled++;
    } else {
      plan.skipped++;
    }
  }
  return plan;
}
