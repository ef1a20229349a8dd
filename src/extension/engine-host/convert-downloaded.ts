// A registry conversion (models/registry.json `conversions`) made in the engine host: the options page
// downloaded the checkpoint into the database's pieces and checked its SHA-256 against the pin; here the
// same engine code as `originlens models convert` reads it through a ByteSource over those pieces (never
// whole), writes the encoder into one buffer of its exact size, hashed as it goes, and installs it with
// an entry that records the encoder's SHA-256 beside the source's. The pieces are deleted afterwards.
import registryJson from '../../../models/registry.json';
import { CheckpointError, openCheckpoint } from '../../engine/checkpoint';
import { convertClip } from '../../engine/convert/convert-clip';
import { convertedEntry } from '../../engine/convert/converted-entry';
import { findConversion, parseRegistry, type ConversionEntry } from '../../engine/models/registry';
import { db } from '../shared/db';
import { discardDownload, pendingDownload, piecesSource } from '../shared/download-store';
import { installHashed } from '../shared/model-store';
import type { InstalledEncoder } from '../shared/protocol';
import { HeldOutput } from './held-output';

/** How often the progress row is written: often enough for a bar, seldom enough to cost nothing. */
const PROGRESS_MS = 250;

/** Outside test builds only the registry's own conversions are made, exactly as it pins them. */
function checkPinned(c: ConversionEntry): void {
  if (__ORIGINLENS_TEST_BUILD__ && c.test === true) return;
  const pinned = findConversion(parseRegistry(registryJson, 'models/registry.json'), c.id);
  const same = pinned && pinned.source.sha256 === c.source.sha256 && pinned.convert.weights === c.convert.weights && pinned.convert.activation === c.convert.activation;
  if (!same) throw new Error(`${c.id} is not a conversion the registry pins`);
}

export async function convertDownloaded(c: ConversionEntry): Promise<InstalledEncoder> {
  checkPinned(c);
  const row = await pendingDownload(c.id);
  if (!row || row.verified !== c.source.sha256) throw new Error(`the checkpoint of ${c.id} is not downloaded and checked yet; install it from the options page`);
  const source = await piecesSource(c.id);
  const out = new HeldOutput();
  let shown = 0;
  let total = 0;
  const sink = async (chunk: Uint8Array): Promise<void> => {
    out.sink(chunk);
    const now = Date.now();
    if (now - shown < PROGRESS_MS) return;
    shown = now;
    await db().downloads.update(c.id, { converting: { done: out.written, total } });
  };
  let converted;
  try {
    const checkpoint = await openCheckpoint(source, c.source.file);
    converted = await convertClip(checkpoint, { weights: c.convert.weights, activation: c.convert.activation, sha256: c.source.sha256, what: c.source.file }, sink, (bytes) => {
      total = bytes;
      out.size(bytes);
    });
  } catch (error) {
    // The checkpoint is the pinned one, so a refusal here is the converter's to fix: say so, keep the bytes.
    if (error instanceof CheckpointError) throw new Error(`${c.source.file} could not be converted: ${error.message}`, { cause: error });
    throw error;
  }
  const { bytes, sha256 } = out.finish();
  const entry = convertedEntry({ converted, sha256, source: { file: c.source.file, sha256: c.source.sha256 }, weights: c.convert.weights, file: c.file, id: c.id, name: c.name, licence: c.licence, test: c.test === true, pinnedBy: c.id });
  await installHashed(entry, { file: bytes, sha256 });
  await discardDownload(c.id);
  return { id: entry.id, name: entry.name, bytes: entry.bytes, sha256: entry.sha256, test: entry.test, installedAt: Date.now() };
}
