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
  await storeEncoder(entry, bytes);
}

/**
 * An encoder the engine host made (a conversion, a rewrite), hashed as it was written: its entry was
 * written from that hash, so hashing it again proves nothing and would cost a copy of the file (WebCrypto
 * copies what it digests: 1.2 GB for a float32 ViT-L/14).
 */
export async function installMadeEncoder(entry: ModelEntry, made: { bytes: Uint8Array; sha256: string }): Promise<void> {
  if (made.bytes.byteLength !== entry.bytes || made.sha256 !== entry.sha256) throw new InstallError(`${entry.id}: the encoder made (${made.bytes.byteLength} bytes, SHA-256 ${made.sha256}) is not the one its entry describes`);
  await storeEncoder(entry, made.bytes);
}

async function storeEncoder(entry: ModelEntry, bytes: Uint8Array): Promise<void> {
  // The Blob takes its own copy, which the browser may keep on disk; the database stores the Blob by
  // reference, without another copy of the bytes in this page.
  await db().models.put({ id: entry.id, entry, bytes: new Blob([bytes as Uint8Array<ArrayBuffer>]), installedAt: Date.now() });
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
