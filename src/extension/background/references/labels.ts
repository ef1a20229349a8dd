// Class names of the person's reference set. They come from the person (the options page, the enrolment
// page, the menu items built from names already stored), never from a content script, and are checked
// anyway: they become menu titles and class names in head packs others may import.
import { REAL } from '../../../engine/types';

export const MAX_LABEL_LENGTH = 60;

export class LabelError extends Error {
  override name = 'LabelError';
}

/** A generator's name as typed: trimmed, inner white space collapsed, no control characters. */
export function checkGeneratorName(raw: unknown): string {
  if (typeof raw !== 'string') throw new LabelError('a generator name must be text');
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new LabelError('a generator name cannot be empty');
  if (name.length > MAX_LABEL_LENGTH) throw new LabelError(`a generator name has at most ${MAX_LABEL_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new LabelError('a generator name cannot contain control characters');
  return name;
}

/** A class label: "real", or a generator's name. */
export function checkLabel(raw: unknown): string {
  return raw === REAL ? REAL : checkGeneratorName(raw);
}
