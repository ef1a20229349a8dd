// The bytes of an encoder download, kept in the extension's IndexedDB as they arrive (schema version 4):
// one row per download, naming its entry and how many bytes are kept, and the bytes in pieces of about a
// megabyte. A piece and the count are written in one transaction, so the count never names bytes that
// are not there. The row stays until the file is installed or refused, or the person cancels. Pieces are
// Blobs, so that the kept file is one Blob made of them (keptFile) without reading a byte. A checkpoint
// converted on install is never assembled: it is hashed piece by piece, and the engine host reads it
// through a ByteSource over that Blob (piecesSource), only the ranges it asks for, so 900 MB is never in
// memory at once.
import { blobSource, type ByteSource } from '../../engine/checkpoint';
import { sha256OfBlob } from '../../engine/hash';
import type { PartStore } from '../../engine/models/resumable-download';
import { db, type DownloadPartRow, type DownloadPin, type DownloadRow } from './db';

/** The kept pieces of download `id`, in order. */
function partsOf(id: string) {
  return db().downloadParts.where('[id+offset]').between([id, -Infinity], [id, Infinity]);
}

/** Downloads not yet finished, whatever stopped them. */
export function pendingDownload(id: string): Promise<DownloadRow | undefined> {
  return db().downloads.get(id);
}

export async function discardDownload(id: string): Promise<void> {
  const d = db();
  await d.transaction('rw', d.downloads, d.downloadParts, async () => {
    await partsOf(id).delete();
    await d.downloads.delete(id);
  });
}

/** Writes `pin`'s row unless one for the same file exists: a download not yet begun is resumed too. */
async function openRow(pin: DownloadPin): Promise<void> {
  const d = db();
  await d.transaction('rw', d.downloads, d.downloadParts, async () => {
    const row = await d.downloads.get(pin.id);
    // Kept bytes of another file under the same id (the registry pinned new weights) are worth nothing.
    if (row && row.entry.sha256 === pin.sha256 && row.entry.bytes === pin.bytes) return;
    if (row) await partsOf(pin.id).delete();
    const now = Date.now();
    await d.downloads.put({ id: pin.id, entry: { id: pin.id, sha256: pin.sha256, ...(pin.bytes === undefined ? {} : { bytes: pin.bytes }) }, kept: 0, startedAt: now, updatedAt: now });
  });
}

/**
 * The store of `entry`'s download, which hands over the file as one Blob of its pieces: an encoder of a
 * gigabyte is hashed a slice at a time and stored as it is, never assembled in memory.
 */
export async function downloadStore(entry: DownloadPin): Promise<PartStore<Blob>> {
  const d = db();
  const id = entry.id;
  await openRow(entry);
  return {
    size: async () => (await d.downloads.get(id))?.kept ?? 0,
    append: (offset, bytes) =>
      d.transaction('rw', d.downloads, d.downloadParts, async () => {
        const row = await d.downloads.get(id);
        if (!row) throw new Error(`the download of ${id} was cancelled`);
        if (row.kept !== offset) throw new Error(`the download of ${id} holds ${row.kept} bytes, not ${offset}`);
        await d.downloadParts.put({ id, offset, bytes: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
        await d.downloads.update(id, { kept: offset + bytes.byteLength, updatedAt: Date.now() });
      }),
    complete: async () => {
      const kept = (await d.downloads.get(id))?.kept ?? 0;
      const file = await keptFile(id, kept);
      return { sha256: file.size === kept ? await sha256OfBlob(file) : `incomplete: ${file.size} of ${kept} bytes in order`, file };
    },
    clear: () => clearParts(id),
  };
}

async function clearParts(id: string): Promise<void> {
  const d = db();
  await d.transaction('rw', d.downloads, d.downloadParts, async () => {
    await partsOf(id).delete();
    await d.downloads.update(id, { kept: 0, verified: undefined, converting: undefined, updatedAt: Date.now() });
  });
}

/**
 * The store of a checkpoint's download: the same pieces, hashed the same way when complete. The row is
 * marked verified with the hash, for the engine host, which converts only a checkpoint whose every byte
 * was checked against its pin, reading it through piecesSource.
 */
export async function checkpointStore(pin: DownloadPin): Promise<PartStore<Blob>> {
  const pieces = await downloadStore(pin);
  return {
    ...pieces,
    complete: async () => {
      const done = await pieces.complete();
      await db().downloads.update(pin.id, { verified: done.sha256 === pin.sha256.toLowerCase() ? done.sha256 : undefined, updatedAt: Date.now() });
      return done;
    },
  };
}

/** A piece as a Blob: pieces kept by versions before Blobs are ArrayBuffers. */
const pieceBlob = (part: DownloadPartRow): Blob => (part.bytes instanceof Blob ? part.bytes : new Blob([part.bytes]));

/**
 * Download `id`'s kept bytes as one Blob of its pieces (a handle, no byte read): the pieces from the first
 * byte on, as long as each follows the one before, up to `kept` bytes.
 */
async function keptFile(id: string, kept: number): Promise<Blob> {
  const pieces: Blob[] = [];
  let at = 0;
  for (const part of await partsOf(id).toArray()) {
    const piece = pieceBlob(part);
    if (part.offset !== at || at + piece.size > kept) break;
    pieces.push(piece);
    at += piece.size;
  }
  return new Blob(pieces);
}

/**
 * Random access to download `id`'s kept bytes: the checkpoint readers ask for headers, then one tensor
 * at a time, and only those bytes are read from the pieces.
 */
export async function piecesSource(id: string): Promise<ByteSource> {
  const row = await db().downloads.get(id);
  if (!row) throw new Error(`no download of ${id} is kept`);
  const file = await keptFile(id, row.kept);
  if (file.size !== row.kept) throw new Error(`the pieces of the download of ${id} do not follow each other after byte ${file.size} of ${row.kept}`);
  return blobSource(file);
}
