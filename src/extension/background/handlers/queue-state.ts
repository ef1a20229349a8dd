// The popup's progress line: how many images wait, in all and per tab.
import type { Handler } from '../../shared/dispatcher';
import { queueSnapshot } from '../queue';

export const queueState: Handler<'background', 'queue.state'> = async () => {
  const doc = await queueSnapshot();
  const byTab: Record<string, number> = {};
  for (const job of [...doc.queued, ...doc.running]) for (const tab of job.tabs) byTab[tab] = (byTab[tab] ?? 0) + 1;
  return { queued: doc.queued.length, running: doc.running.length, byTab };
};
