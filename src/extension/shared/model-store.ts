// Installing encoders and head packs into the extension's database, with the checks that make a verdict
// trustworthy: the encoder's bytes must be the ones its entry pins, and a head must belong to that very
// encoder. Used by the test build's installer now, by the options page's import and download later.
import { headMisfit } from '../../engine/head/fits-encoder';
import { parseAnyHeadPack, type AnyHead } from '../../engine/head/head-pack';
import { sha256Hex, sha256OfBlob } from '../../engine/hash';
import type { ModelEntry } from '../../engine/types';
import { db } from './db';

export class InstallError extends Error {
  override name = 'InstallError';
}

const sizeOf = (file: Uint8Array | Blob): number => (file instanceof Blob ? file.size : file.byteLength);

export async function installEncoder(entry: ModelEntry, file: Uint8Array | Blob): Promise<void> {
  const size = sizeOf(file);
  if (size !== entry.bytes) throw new InstallError(`${entry.id}: ${size} bytes, but its entry says ${entry.bytes}`);
  const hash = file instanceof Blob ? await sha256OfBlob(file) : await sha256Hex(file);
  if (hash !== entry.sha256) throw new InstallError(`${entry.id}: SHA-256 ${hash} does not match the pinned ${entry.sha256}; the file is not the model it claims to be`);
  await storeEncoder(entry, file);
}

/**
 * An encoder whose SHA-256 is known already: made by the engine host (a conversion, a rewrite) and hashed
 * as it was written, or downloaded and checked against its pin. Hashing it again proves nothing and costs
 * a pass over up to 1.2 GB (and with WebCrypto, which digests one buffer, a copy of it).
 */
export async function installHashed(entry: ModelEntry, hashed: { file: Uint8Array | Blob; sha256: string }): Promise<void> {
  const size = sizeOf(hashed.file);
  if (size !== entry.bytes || hashed.sha256 !== entry.sha256) throw new InstallError(`${entry.id}: the file (${size} bytes, SHA-256 ${hashed.sha256}) is not the one its entry describes`);
  await storeEncoder(entry, hashed.file);
}

async function storeEncoder(entry: ModelEntry, file: Uint8Array | Blob): Promise<void> {
  // A Blob is stored by reference (a download's is made of its stored pieces, never assembled); bytes are
  // copied into one, which the browser may keep on disk, with no further copy in this page.
  const bytes = file instanceof Blob ? file : new Blob([file as Uint8Array<ArrayBuffer>]);
  await db().models.put({ id: entry.id, entry, bytes, installedAt: Date.now() });
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
