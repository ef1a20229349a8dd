// Adding an image to the reference set: the engine host fetches and encodes it (the URL is the browser's
// srcUrl or one an extension page gave; no pixels from the page), then the head is retrained.
import type { EnrolResult, TrainingOutcome } from '../../shared/references/types';
import { checkImageUrl } from '../../shared/protocol-validate';
import { engine } from '../../shared/engine-link';
import { currentSettings } from '../storage';
import { afterChange } from './after-change';
import { checkLabel } from './labels';
import { requireReferenceEncoder } from './reference-encoder';

export async function addReference(rawUrl: string, rawLabel: string): Promise<{ example: EnrolResult; training: TrainingOutcome }> {
  if (rawUrl.startsWith('blob:')) throw new Error('This image exists only inside the page (a blob: URL); OriginLens cannot fetch it to learn from it.');
  const url = checkImageUrl(rawUrl);
  const label = checkLabel(rawLabel);
  const encoder = await requireReferenceEncoder();
  const settings = await currentSettings();
  const example = await engine().call('engine.enrol', { url, encoder, label, backend: settings.backend, cacheMaxVerdicts: settings.cacheMaxVerdicts });
  return { example, training: await afterChange(encoder) };
}
