// The worker loops: each takes the most urgent job, has the engine host make its verdict, hands the verdict
// to whoever waits. Several jobs are in the engine host at once, so that images fetch while others are
// encoded, and those ready together are encoded as one batch (engine-host/encode-batcher.ts); a slow
// server holds up only its own image.
import { MAX_BATCH } from '../shared/batch-limits';
import { engine } from '../shared/engine-link';
import { errorRecord, reviveRecord } from '../shared/verdicts';
import { finishJob, takeJob } from './queue';
import { currentSettings } from './storage';

/**
 * Most jobs in the engine host at once: half a batch more than a batch, so that the next batch's images
 * are fetched while one is encoded. It also bounds the fetched bytes held at once (each image's are capped).
 */
const IN_FLIGHT = MAX_BATCH + 4;

let loops = 0;

/**
 * Starts one more loop, up to IN_FLIGHT, for a job just queued (or recovered); a loop ends when the queue
 * is empty. One per job keeps a quiet queue from taking many turns at the stored queue for nothing. An
 * urgent job gets a loop beyond the bound: loops take the most urgent job first, so it starts at once.
 */
export function pump(urgent = false): void {
  if (loops >= IN_FLIGHT && !urgent) return;
  loops++;
  void loop().finally(() => loops--);
}

async function loop(): Promise<void> {
  for (let job = await takeJob(); job; job = await takeJob()) {
    const settings = await currentSettings();
    let record;
    try {
      const answer = await engine().call('engine.attribute', {
        url: job.url,
        ...(job.reason === undefined ? {} : { reason: job.reason }),
        encoder: job.encoder,
        head: job.head,
        backend: settings.backend,
        cacheMaxVerdicts: settings.cacheMaxVerdicts,
        thresholds: settings.thresholds,
        headLlr: settings.headLlr,
      });
      record = reviveRecord(answer);
    } catch (error) {
      // A fault of the engine or the installation, not of the image: said once, and not cached.
      record = errorRecord(`OriginLens could not attribute this image: ${error instanceof Error ? error.message : String(error)}`, job.encoder, job.head);
    }
    await finishJob(job, { record });
  }
}
