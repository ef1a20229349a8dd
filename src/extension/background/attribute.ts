// Attributing one image for a tab: the verdict cache by URL first (no fetch, no inference), then the queue.
import { verdictForUrl } from '../shared/db';
import type { Priority, VerdictRecord } from '../shared/protocol';
import { errorRecord } from '../shared/verdicts';
import { activeModels } from './active-models';
import { judgeRecord } from './judge-records';
import { pump } from './pump';
import { enqueueAndWait } from './queue';
import { currentSettings } from './storage';

export interface AttributeRequest {
  url: string;
  /** The tab that asked, -1 for none. */
  tab: number;
  priority: Priority;
}

/** A verdict for the request, judged with the thresholds in force (judge-records.ts). */
export async function attribute(request: AttributeRequest): Promise<VerdictRecord> {
  return judgeRecord(await attributeRaw(request));
}

async function attributeRaw(request: AttributeRequest): Promise<VerdictRecord> {
  const active = await activeModels(await currentSettings());
  if ('missing' in active) return errorRecord(active.missing);
  if (!request.url.startsWith('data:')) {
    const row = await verdictForUrl(request.url, active.encoder, active.head);
    if (row) return { verdict: row.verdict, hash: row.hash, runtime: row.runtime, cached: true };
  }
  // A person's click does not wait for a free loop behind a feed's images.
  return enqueueAndWait({ ...request, ...active }, () => pump(request.priority === 'click'));
}
