// Enrolling an image into the person's reference set: the engine host fetches the bytes itself, hashes,
// decodes with the same cap as attribution, takes the features (cached or one encoder run) and draws a
// thumbnail. Re-enrolling the same image under another class moves it: one image, one label.
import { sha256Hex } from '../../engine/hash';
import { db, rememberUrl } from '../shared/db';
import type { Args } from '../shared/protocol';
import type { EnrolResult } from '../shared/references/types';
import { fetchImageBytes } from './fetch-image';
import { featuresOf } from './features-of';
import { decodeFetched } from './run-job';
import { thumbnailOf } from './thumbnail';

export async function enrol(job: Args<'engine-host', 'engine.enrol'>): Promise<EnrolResult> {
  const bytes = await fetchImageBytes(job.url);
  const hash = await sha256Hex(bytes);
  await rememberUrl(job.url, hash);
  const image = await decodeFetched(bytes);
  const features = await featuresOf(hash, image, job.encoder, job.backend, job.cacheMaxVerdicts);
  const thumbnail = thumbnailOf(image);
  await db().references.put({ encoder: job.encoder, hash, label: job.label, features, thumbnail, addedAt: Date.now() });
  return { hash, label: job.label, thumbnail };
}
