// One image, from URL to verdict: fetch, hash, the verdict cache by content hash, decode with a size cap,
// preprocess, encode (together with the other jobs ready at the same moment: encode-batcher.ts), head.
// Problems with the image become error verdicts with a reason a person can read; problems with the engine
// or its models are thrown, for the background to report.
import { decodeImage } from '../../engine/image/decode';
import { featureKey, inputGroups } from '../../engine/head/heads-input';
import { sha256Hex } from '../../engine/hash';
import { preprocess } from '../../engine/preprocess';
import { readProvenance } from '../../engine/provenance/read-provenance';
import type { Provenance } from '../../engine/provenance/types';
import { ImageError, type FeatureSet, type RgbImage, type Verdict } from '../../engine/types';
import { evidenceOf } from '../../engine/verdict/evidence';
import { featuresFor, keepThumbnail, keptThumbnail, provenanceFor, rememberUrl, storeFeatures, storeProvenance, storeVerdict, verdictFor } from '../shared/db';
import type { EngineJob, VerdictRecord } from '../shared/protocol';
import { errorVerdict } from '../shared/verdicts';
import { judge, personThresholds } from '../shared/judging';
import { cacheWrite } from './cache-room';
import { EncodeBatcher, type Slot } from './encode-batcher';
import { countRun, engineFor, type LoadedEngine } from './engine';
import { runWatchingDevice } from './gpu-recovery';
import { fetchImageBytes } from './fetch-image';
import { thumbnailOf } from './thumbnail';

/** The popup's thumbnails: small, as every cached verdict keeps one (20,000 by default, a few kilobytes each). */
const POPUP_THUMBNAIL_SIZE = 48;

/**
 * The popup's picture of an image, always drawn here from pixels this host decoded (an extension page may
 * not load other origins' images): from `image` when it was decoded for the encoder, else the one kept with
 * another verdict on the same bytes (another head's), else from the bytes decoded now. Undefined for bytes
 * that do not decode.
 */
async function thumbnailFor(hash: string, bytes: Uint8Array, image: RgbImage | undefined): Promise<string | undefined> {
  if (image) return thumbnailOf(image, POPUP_THUMBNAIL_SIZE);
  const kept = await keptThumbnail(hash);
  if (kept !== undefined) return kept;
  try {
    return thumbnailOf(await decodeFetched(bytes), POPUP_THUMBNAIL_SIZE);
  } catch (error) {
    if (error instanceof ImageError) return undefined;
    throw error;
  }
}

/** Largest image decoded: far beyond any photo on a page, far below what would exhaust memory. */
const MAX_PIXELS = 50_000_000;

/** Decodes bytes the engine host fetched itself (the fetch capped their size), under its pixel cap. */
export function decodeFetched(bytes: Uint8Array): Promise<RgbImage> {
  return decodeImage(bytes, { maxBytes: bytes.byteLength, maxPixels: MAX_PIXELS });
}

const batcher = new EncodeBatcher<LoadedEngine, FeatureSet>(async (engine, inputs) => {
  // A lost WebGPU device restarts the engine host (gpu-recovery.ts).
  const features = await runWatchingDevice(engine, () => engine.encoder.encode(inputs));
  countRun(inputs.length);
  return features;
});

export async function runJob(job: EngineJob): Promise<VerdictRecord> {
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  let bytes: Uint8Array;
  try {
    bytes = await fetchImageBytes(job.url);
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    // No bytes, no hash: nothing to cache (the server may answer next time).
    return { verdict: errorVerdict(error.message, job.encoder, job.head, elapsed()), cached: false };
  }
  // Only quick steps stand between the bytes and the encoder's input now: the image holds its place in
  // the next batch, so that images fetched together are encoded together.
  const slot = batcher.reserve();
  try {
    return await verdictOf(job, bytes, slot, elapsed);
  } finally {
    slot.release();
  }
}

/** What the bytes declare (engine/provenance), read once per content hash, whatever model runs. */
async function provenanceOf(hash: string, bytes: Uint8Array, job: EngineJob): Promise<Provenance> {
  const known = await provenanceFor(hash);
  if (known) return known;
  const provenance = await readProvenance(bytes);
  await cacheWrite(() => storeProvenance(hash, provenance, job.cacheMaxVerdicts));
  return provenance;
}

async function verdictOf(job: EngineJob, bytes: Uint8Array, slot: Slot<LoadedEngine, FeatureSet>, elapsed: () => number): Promise<VerdictRecord> {
  const hash = await sha256Hex(bytes);
  // Cache writes go through cacheWrite: a full store evicts, and never costs the person their verdict.
  await cacheWrite(() => rememberUrl(job.url, hash));
  const provenance = await provenanceOf(hash, bytes, job);
  // Provenance only: no model is installed, or the person chose to see only what files declare.
  if (job.encoder === '') {
    slot.release();
    return { verdict: errorVerdict(job.reason ?? '', '', '', elapsed()), hash, cached: false, provenance };
  }
  const cached = await verdictFor(hash, job.encoder, job.head);
  if (cached) {
    // A verdict cached before verdicts kept a thumbnail: drawn now, once (no encoder runs, so out of the batch).
    if (cached.thumbnail === undefined && cached.verdict.kind !== 'error') {
      slot.release();
      const thumbnail = await thumbnailFor(hash, bytes, undefined);
      if (thumbnail !== undefined) await cacheWrite(() => keepThumbnail([hash, job.encoder, job.head], thumbnail));
    }
    return { verdict: cached.verdict, hash, runtime: cached.runtime, cached: true, provenance };
  }

  let verdict: Verdict;
  let runtime = '';
  let thumbnail: string | undefined;
  try {
    const engine = await engineFor(job.encoder, job.head, job.backend);
    runtime = engine.encoder.runtime;
    const encoderInput = engine.encoder.entry.input;
    // One run of the encoder per way the heads prepare images (UnivFD reads a centre crop, a trained head
    // the encoder's own resize): each head reads the features of its own preparation.
    const groups = inputGroups(encoderInput, engine.heads.map((h) => h.pack)).map((g) => ({ ...g, key: featureKey(job.encoder, encoderInput, g.input) }));
    // Features stored by an earlier run (with another head): only the heads run, no decode, no encoder.
    const stored = await Promise.all(groups.map((g) => featuresFor(hash, g.key)));
    const missing = groups.filter((_, i) => stored[i] === undefined);
    // The job's own place in the batch for the first run, one more for each other: all in the same batch.
    const places = missing.map((_, i) => (i === 0 ? slot : batcher.reserve()));
    if (missing.length === 0) slot.release();
    const made = new Map<string, FeatureSet>();
    let image: RgbImage | undefined;
    try {
      if (missing.length > 0) {
        image = await decodeFetched(bytes);
        const decoded = image;
        const runs = await Promise.all(missing.map((g, i) => places[i]!.encode(engine, preprocess(decoded, g.input))));
        missing.forEach((g, i) => made.set(g.key, runs[i]!));
      }
    } finally {
      for (const place of places) place.release();
    }
    for (const [key, features] of made) await cacheWrite(() => storeFeatures(hash, key, features, job.cacheMaxVerdicts));
    thumbnail = await thumbnailFor(hash, bytes, image);
    const featuresOfHead: FeatureSet[] = [];
    groups.forEach((g, k) => g.heads.forEach((i) => (featuresOfHead[i] = stored[k] ?? made.get(g.key)!)));
    // New scores: decided here, under the person's thresholds, and stored in the form every surface shows.
    // The background decides it again only when those thresholds or the heads change.
    const packs = new Map(engine.heads.map((h) => [h.pack.id, h.pack]));
    const thresholdsOf = personThresholds(job.thresholds, (id) => packs.get(id), engine.heads[0]?.pack.id, job.headLlr);
    const evidence = engine.heads.map((h, i) => evidenceOf(h, featuresOfHead[i]!));
    verdict = { ...judge(evidence, thresholdsOf), encoder: job.encoder, head: job.head, ms: elapsed() };
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    // The same bytes will fail the same way: cached like any verdict.
    verdict = errorVerdict(`this image cannot be read: ${error.message}`, job.encoder, job.head, elapsed());
  }
  const now = Date.now();
  const picture = thumbnail === undefined ? {} : { thumbnail };
  await cacheWrite(() => storeVerdict({ hash, encoder: job.encoder, head: job.head, verdict, runtime, ...picture, createdAt: now, usedAt: now }, job.cacheMaxVerdicts));
  // The thumbnail stays in the cache: the popup asks for it by hash (thumbnails.get), so that the page's
  // content script, and every poll of the popup, carry only the verdict.
  return { verdict, hash, runtime, cached: false, provenance };
}
