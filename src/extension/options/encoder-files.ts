// Encoder files, handled in the options page itself: a model is tens of megabytes, which belongs in the
// database (shared with the engine host, same origin) and not in a message. A file is installed only when
// its SHA-256 is the one an encoder entry pins (model-store.ts checks it again).
import registryJson from '../../../models/registry.json';
import { sha256Hex } from '../../engine/hash';
import { findModelsByHash, parseModelEntry, parseRegistry } from '../../engine/models/registry';
import type { ModelEntry } from '../../engine/types';
import { browser } from '../browser-api';
import { installEncoder } from '../model-store';
import { message } from '../ui/errors';

/** The registry's encoders, and in test builds the test encoder the build ships. */
export async function knownEncoders(): Promise<ModelEntry[]> {
  const models = parseRegistry(registryJson, 'models/registry.json').models;
  if (!__ORIGINLENS_TEST_BUILD__) return models;
  const response = await fetch(browser.runtime.getURL('test-models/clip-tiny.json'));
  return [...models, parseModelEntry(await response.json(), 'test-models/clip-tiny.json')];
}

export type Progress = (received: number, total: number) => void;

export async function downloadEncoder(entry: ModelEntry, onProgress: Progress): Promise<void> {
  if (entry.url === undefined) throw new Error(`${entry.id} has no download address; import its file instead`);
  let response: Response;
  try {
    response = await fetch(entry.url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (error) {
    throw new Error(`the download could not start (${message(error)}). Without a network connection, get the file on another computer and import it here.`, { cause: error });
  }
  if (!response.ok || !response.body) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  // The pinned size is known in advance: the bytes go straight into one buffer, and more than that is refused.
  const bytes = new Uint8Array(entry.bytes);
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.byteLength > entry.bytes) throw new Error(`the server sent more than the ${entry.bytes} bytes pinned for ${entry.id}`);
      bytes.set(value, received);
      received += value.byteLength;
      onProgress(received, entry.bytes);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw new Error(`the download broke off after ${received} bytes (${message(error)})`, { cause: error });
  }
  if (received !== entry.bytes) throw new Error(`the download ended after ${received} of ${entry.bytes} bytes`);
  await installEncoder(entry, bytes);
}

/** A local .onnx file: recognised by its SHA-256 among the known encoders, or refused. */
export async function importEncoderFile(file: File, known: ModelEntry[]): Promise<ModelEntry> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const hash = await sha256Hex(bytes);
  const [entry] = findModelsByHash({ version: 1, models: known }, hash, bytes.byteLength);
  if (!entry) throw new Error(`"${file.name}" is none of the encoders OriginLens knows (SHA-256 ${hash}); only files pinned in its registry are accepted`);
  await installEncoder(entry, bytes);
  return entry;
}
