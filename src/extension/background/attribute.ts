// Attributing one image for a tab: the verdict cache by URL first (no fetch, no inference), then the queue.
import { provenanceForUrl, verdictForUrl } from '../shared/db';
import type { Priority, VerdictRecord } from '../shared/protocol';
import { errorRecord } from '../shared/verdicts';
import { activeModels } from './active-models';
import { pump } from './pump';
import { enqueueAndWait } from './queue';
import { currentSettings } from './storage';
import { recordInForce } from './verdicts-in-force';

export interface AttributeRequest {
  url: string;
  /** The tab that asked, -1 for none. */
  tab: number;
  priority: Priority;
}

/** A verdict for the request, in its stored form under the thresholds in force (verdicts-in-force.ts). */
export async function attribute(request: AttributeRequest): Promise<VerdictRecord> {
  return recordInForce(await attributeRaw(request));
}

/** The verdict's sentence when only provenance is read: the person chose so. */
export const PROVENANCE_ONLY = 'The model is off: the settings show only what files declare about their origin.';

async function attributeRaw(request: AttributeRequest): Promise<VerdictRecord> {
  const settings = await currentSettings();
  const active = await activeModels(settings);
  const cachedUrl = !request.url.startsWith('data:');
  if ('missing' in active || settings.provenance === 'only') {
    // No model to run (or none wanted): the engine host still reads what the file declares, which needs
    // no model, unless provenance is hidden too.
    const reason = 'missing' in active ? active.missing : PROVENANCE_ONLY;
    if (settings.provenance === 'hide') return errorRecord(reason);
    const known = cachedUrl ? await provenanceForUrl(request.url) : undefined;
    if (known) return { ...errorRecord(reason), hash: known.hash, provenance: known.provenance, cached: true };
    return enqueueAndWait({ ...request, encoder: '', head: '', reason }, () => pump(request.priority === 'click'));
  }
  if (cachedUrl) {
    const row = await verdictForUrl(request.url, active.encoder, active.head);
    if (row) {
      const known = await provenanceForUrl(request.url);
      return { verdict: row.verdict, hash: row.hash, runtime: row.runtime, cached: true, ...(known ? { provenance: known.provenance } : {}) };
    }
  }
  // A person's click does not wait for a free loop behind a feed's images.
  return enqueueAndWait({ ...request, ...active }, () => pump(request.priority === 'click'));
}
