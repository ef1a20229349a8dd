// Encoder files, handled in the options page itself: a model is tens of megabytes, which belongs in the
// database (shared with the engine host, same origin) and not in a message. A file is installed only when
// its SHA-256 is the one an encoder entry pins (model-store.ts checks it again). Downloads keep their bytes
// in the database as they arrive, so a closed page or a restarted browser resumes rather than restarts.
import registryJson from '../../../models/registry.json';
import { sha256OfBlob } from '../../engine/hash';
import { findModelsByHash, parseModelEntry, parseRegistry } from '../../engine/models/registry';
import type { ModelEntry } from '../../engine/types';
import { browser } from '../shared/browser-api';
import { db } from '../shared/db';
import { discardDownload, downloadStore, pendingDownload } from '../shared/download-store';
import { DownloadError, RefusedDownload, resumableDownload, type ResumableOptions } from '../../engine/models/resumable-download';
import { isQuotaError } from '../shared/quota';
import { installHashed } from '../shared/model-store';
import { message } from './errors';

export const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e6 ? 2 : 0)} MB`;

/** The registry's encoders, and in test builds the test encoder the build ships. */
export async function knownEncoders(): Promise<ModelEntry[]> {
  const models = parseRegistry(registryJson, 'models/registry.json').models;
  if (!__ORIGINLENS_TEST_BUILD__) return models;
  const testEntry = async (name: string) => parseModelEntry(await (await fetch(browser.runtime.getURL(`test-models/${name}`))).json(), `test-models/${name}`);
  const tiny = await testEntry('clip-tiny.json');
  // Test builds only: the browser tests serve the test encoder from 127.0.0.1 to exercise the download,
  // and may stand a test-shaped ViT-L/14 (random weights, still marked as a test model) in for the pinned
  // one, so that a detector for ViT-L/14 installs as it would for a person.
  const url = localStorage.getItem('originlens.test.encoderUrl');
  const l14Url = localStorage.getItem('originlens.test.l14Url');
  const l14 = l14Url === null ? undefined : { ...(await testEntry('clip-tiny-l14.json')), id: 'clip-vit-l14', url: l14Url };
  return [...models.map((m) => (l14 && m.id === l14.id ? l14 : m)), url === null ? tiny : { ...tiny, url }];
}

export type Progress = (received: number, total: number) => void;

/**
 * Downloads and installs an encoder, resuming from the bytes a stopped download kept (download-store.ts).
 * A Web Lock makes one page download at a time: a second options page waits, then finds it installed.
 */
export async function downloadEncoder(entry: ModelEntry, onProgress: Progress, how: { signal?: AbortSignal; resume?: boolean } = {}): Promise<void> {
  const { signal } = how;
  if (entry.url === undefined) throw new Error(`${entry.id} has no download address; import its file instead`);
  const url = entry.url;
  // While another page holds the download, its progress is read from what it keeps.
  let watching = true;
  const stopWatching = () => {
    watching = false;
    clearInterval(watch);
  };
  const watch = setInterval(() => void pendingDownload(entry.id).then((row) => row && watching && onProgress(row.kept, entry.bytes)), 500);
  try {
    await navigator.locks.request(`originlens.download.${entry.id}`, { signal }, async () => {
      stopWatching();
      // A resumed download that another page finished, refused or cancelled meanwhile is not started again.
      const row = await pendingDownload(entry.id);
      if (how.resume === true && !row && !(await db().models.get(entry.id))) throw new Error('the download was cancelled or refused in another OriginLens page');
      await downloadHeld(entry, url, onProgress, signal);
    });
  } finally {
    stopWatching();
  }
}

/** The download itself, run by the page that holds its lock. */
async function downloadHeld(entry: ModelEntry, url: string, onProgress: Progress, signal: AbortSignal | undefined): Promise<void> {
  const installed = await db().models.get(entry.id);
  if (installed?.entry.sha256 === entry.sha256) return discardDownload(entry.id);
  const file = await downloadPinned(
    entry.id,
    { url, bytes: entry.bytes, sha256: entry.sha256, store: await downloadStore(entry), onProgress, signal },
    'get the file on another computer and import it here',
  );
  // resumableDownload hands the file over only once its size and SHA-256 are the pinned ones.
  await installHashed(entry, { file, sha256: entry.sha256 });
  await discardDownload(entry.id);
}

/**
 * A pinned file downloaded into download `id`'s pieces (resumableDownload), with what a person can do
 * about each failure: a refused file is deleted; on a full disk the received bytes are kept for Resume;
 * without a network, `offline` says what to do instead.
 */
export async function downloadPinned<F>(id: string, options: ResumableOptions<F>, offline: string): Promise<F> {
  try {
    return await resumableDownload(options);
  } catch (error) {
    if (error instanceof RefusedDownload) await discardDownload(id);
    if (isQuotaError(error)) {
      const kept = (await pendingDownload(id))?.kept ?? 0;
      throw new Error(`the browser's storage is full. The ${mb(kept)} received are kept; free disk space or clear the cache below, then resume.`, { cause: error });
    }
    if (error instanceof DownloadError || options.signal?.aborted) throw error;
    throw new Error(`the download could not go on (${message(error)}). Without a network connection, ${offline}.`, { cause: error });
  }
}

/** A local .onnx file: recognised by its SHA-256 among the known encoders, or refused. */
export async function importEncoderFile(file: File, known: ModelEntry[]): Promise<ModelEntry> {
  // Hashed a slice at a time and stored as the File it is: a 1.2 GB encoder is never read whole here.
  const hash = await sha256OfBlob(file);
  const [entry] = findModelsByHash({ version: 1, models: known }, hash, file.size);
  if (!entry) throw new Error(`"${file.name}" is none of the encoders OriginLens knows (SHA-256 ${hash}); only files pinned in its registry are accepted`);
  await installHashed(entry, { file, sha256: hash });
  return entry;
}

/**
 * An encoder the command line made (`models convert`, `models rewrite`): its .onnx with the entry it wrote
 * beside it, installed only when the file is exactly what that entry describes (size and SHA-256). The
 * person vouches for the entry, as they did for the checkpoint it came from.
 */
export async function importEncoderWithEntry(onnx: File, json: File): Promise<ModelEntry> {
  let entry: ModelEntry;
  try {
    entry = parseModelEntry(JSON.parse(await json.text()), json.name);
  } catch (error) {
    throw new Error(`"${json.name}" is not an encoder entry (${message(error)})`, { cause: error });
  }
  if (entry.test && !__ORIGINLENS_TEST_BUILD__) throw new Error(`"${json.name}" describes a test encoder with random weights, which this build does not run`);
  const hash = await sha256OfBlob(onnx);
  if (hash !== entry.sha256 || onnx.size !== entry.bytes) {
    throw new Error(`"${onnx.name}" is not the encoder "${json.name}" describes (${onnx.size} bytes, SHA-256 ${hash}; the entry says ${entry.bytes} bytes, SHA-256 ${entry.sha256})`);
  }
  await installHashed(entry, { file: onnx, sha256: hash });
  return entry;
}
