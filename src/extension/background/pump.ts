// The worker loop: takes the most urgent job, has the engine host make its verdict, hands the verdict to
// whoever waits. One job at a time: the engine host runs one encoder anyway.
import { errorRecord, reviveRecord } from '../verdicts';
import { engine } from './engine-link';
import { finishJob, takeJob } from './queue';
import { currentSettings } from './storage';

let pumping: Promise<void> | undefined;

/** Starts the loop unless it runs already; resolves when the queue is empty. */
export function pump(): Promise<void> {
  pumping ??= loop().finally(() => {
    pumping = undefined;
  });
  return pumping;
}

async function loop(): Promise<void> {
  for (let job = await takeJob(); job; job = await takeJob()) {
    const settings = await currentSettings();
    let record;
    try {
      const answer = await engine().call('engine.attribute', {
        url: job.url,
        encoder: job.encoder,
        head: job.head,
        backend: settings.backend,
        cacheMaxVerdicts: settings.cacheMaxVerdicts,
      });
      record = reviveRecord(answer);
    } catch (error) {
      // A fault of the engine or the installation, not of the image: said once, and not cached.
      record = errorRecord(`OriginLens could not attribute this image: ${error instanceof Error ? error.message : String(error)}`, job.encoder, job.head);
    }
    await finishJob(job, { record });
  }
}
