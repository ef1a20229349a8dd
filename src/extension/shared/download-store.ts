// The bytes of an encoder download, kept in the extension's IndexedDB as they arrive (schema version 4):
// one row per download, naming its entry and how many bytes are kept, and the bytes in pieces of about a
// megabyte. A piece and the count are written in one transaction, so the count never names bytes that
// are not there. The row stays until the file is installed or refused, or the person cancels.
import { sha256Hex } from '../../engine/hash';
import type { PartStore } from '../../engine/models/resumable-download';
import type { ModelEntry } from '../../engine/types';
import { db, type DownloadRow } from './db';

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

/** The store of `entry`'s download; its row is written at once, so a download not yet begun is resumed too. */
export async function downloadStore(entry: ModelEntry): Promise<PartStore<Uint8Array>> {
  const d = db();
  const id = entry.id;
  await d.transaction('rw', d.downloads, async () => {
    const row = await d.downloads.get(id);
    // Kept bytes of another file under the same id (the registry pinned new weights) are worth nothing.
    if (row && row.entry.sha256 === entry.sha256 && row.entry.bytes === entry.bytes) return;
    const now = Date.now();
    await d.downloads.put({ id, entry, kept: 0, startedAt: now, updatedAt: now });
  });
  return {
    size: async () => (await d.downloads.get(id))?.kept ?? 0,
    append: (offset, bytes) =>
      d.transaction('rw', d.downloads, d.downloadParts, async () => {
        const row = await d.downloads.get(id);
        if (!row) throw new Error(`the download of ${id} was cancelled`);
        if (row.kept !== offset) throw new Error(`the download of ${id} holds ${row.kept} bytes, not ${offset}`);
        await d.downloadParts.put({ id, offset, bytes: bytes.slice().buffer });
        await d.downloads.update(id, { kept: offset + bytes.byteLength, updatedAt: Date.now() });
      }),
    complete: async () => {
      const row = await d.downloads.get(id);
      const bytes = new Uint8Array(row?.kept ?? 0);
      // One piece at a time: a model of hundreds of megabytes is in memory once, not twice.
      await partsOf(id).each((part) => {
        if (part.offset + part.bytes.byteLength <= bytes.byteLength) bytes.set(new Uint8Array(part.bytes), part.offset);
      });
      return { sha256: await sha256Hex(bytes), file: bytes };
    },
    clear: async () => {
      await d.transaction('rw', d.downloads, d.downloadParts, async () => {
        await partsOf(id).delete();
        await d.downloads.update(id, { kept: 0, updatedAt: Date.now() });
      });
    },
  };
}
