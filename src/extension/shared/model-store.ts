// Installing encoders and head packs into the extension's database, with the checks that make a verdict
// trustworthy: the encoder's bytes must be the ones its entry pins, and a head must belong to that very
// encoder. Used by the test build's installer now, by the options page's import and download later.
import { headMisfit } from '../../engine/head/fits-encoder';
import { parseAnyHeadPack, type AnyHead } from '../../engine/head/head-pack';
import { sha256Hex } from '../../engine/hash';
import type { ModelEntry } from '../../engine/types';
import { db } from './db';

export class InstallError extends Error {
  override name = 'InstallError';
}

export async function installEncoder(entry: ModelEntry, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== entry.bytes) throw new InstallError(`${entry.id}: ${bytes.byteLength} bytes, but its entry says ${entry.bytes}`);
  const hash = await sha256Hex(bytes);
  if (hash !== entry.sha256) throw new InstallError(`${entry.id}: SHA-256 ${hash} does not match the pinned ${entry.sha256}; the file is not the model it claims to be`);
  // IndexedDB stores a copy anyway: a view of a whole buffer is handed over as it is, a part of one is cut out.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
  await db().models.put({ id: entry.id, entry, bytes: whole, installedAt: Date.now() });
}

/** Checks a head pack and stores it; its encoder must be installed already. */
export async function installHead(json: unknown, source: string): Promise<AnyHead> {
  const head = parseAnyHeadPack(json, source);
  const encoder = await db().models.get(head.pack.encoder.id);
  if (!encoder) throw new InstallError(`head "${head.pack.name}" needs encoder ${head.pack.encoder.id}, which is not installed`);
  const misfit = headMisfit(head.pack, encoder.entry);
  if (misfit) throw new InstallError(misfit.message);
  await db().heads.put({ id: head.pack.id, encoder: head.pack.encoder.id, pack: head.pack, installedAt: Date.now() });
  return head;
}
