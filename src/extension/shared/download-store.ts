// The bytes of an encoder download, kept in the extension's IndexedDB as they arrive (schema version 4):
// one row per download, naming its entry and how many bytes are kept, and the bytes in pieces of about a
// megabyte. A piece and the count are written in one transaction, so the count never names bytes that
// are not there. The row stays until the file is installed or refused, or the person cancels. A
// checkpoint converted on install is never assembled: it is hashed piece by piece, and the engine host
// reads it through a ByteSource over the pieces (piecesSource), so 900 MB is never in memory at once.
import type { ByteSource } from '../../engine/checkpoint';
import { sha256Hex } from '../../engine/hash';
import type { PartStore } from '../../engine/models/resumable-download';
import { Sha256 } from '../../engine/sha256-stream';
import { db, type DownloadPin, type DownloadRow } from './db';

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

/** The store of `entry`'s download, which hands over the file whole (an encoder of tens of megabytes). */
export async function downloadStore(entry: DownloadPin): Promise<PartStore<Uint8Array>> {
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
 * The store of a checkpoint's download: the same pieces, hashed one at a time when complete, and handed
 * over as a ByteSource over them. The row is marked verified with the hash, for the engine host, which
 * converts only a checkpoint whose every byte was checked against its pin.
 */
export async function checkpointStore(pin: DownloadPin): Promise<PartStore<ByteSource>> {
  const d = db();
  const id = pin.id;
  const bytes = await downloadStore(pin);
  return {
    ...bytes,
    complete: async () => {
      const kept = (await d.downloads.get(id))?.kept ?? 0;
      const hash = new Sha256();
      let at = 0;
      await partsOf(id).each((part) => {
        if (part.offset !== at || part.offset + part.bytes.byteLength > kept) return;
        hash.update(new Uint8Array(part.bytes));
        at += part.bytes.byteLength;
      });
      const sha256 = at === kept ? hash.hex() : `incomplete: ${at} of ${kept} bytes in order`;
      await d.downloads.update(id, { verified: sha256 === pin.sha256.toLowerCase() ? sha256 : undefined, updatedAt: Date.now() });
      return { sha256, file: await piecesSource(id) };
    },
  };
}

/**
 * Random access to download `id`'s kept bytes, read from its pieces as they are asked for: the
 * checkpoint readers ask for headers, then one tensor at a time. The last pieces read are kept, since
 * reads come mostly in order.
 */
export async function piecesSource(id: string): Promise<ByteSource> {
  const d = db();
  const row = await d.downloads.get(id);
  if (!row) throw new Error(`no download of ${id} is kept`);
  const size = row.kept;
  const offsets = ((await partsOf(id).primaryKeys()) as [string, number][]).map(([, offset]) => offset).filter((o) => o < size);
  const cache = new Map<number, Uint8Array>();
  const piece = async (i: number): Promise<Uint8Array> => {
    const offset = offsets[i]!;
    const hit = cache.get(offset);
    if (hit) return hit;
    const part = await d.downloadParts.get([id, offset]);
    if (!part) throw new Error(`a piece of the download of ${id} is missing (at byte ${offset})`);
    const bytes = new Uint8Array(part.bytes);
    if (cache.size >= 4) cache.delete(cache.keys().next().value!);
    cache.set(offset, bytes);
    return bytes;
  };
  /** The index of the piece that holds byte `at`. */
  const find = (at: number): number => {
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    size,
    read: async (offset, length) => {
      if (offset < 0 || length < 0 || offset + length > size) throw new Error(`bytes ${offset} to ${offset + length} are outside the ${size} kept of ${id}`);
      const out = new Uint8Array(length);
      let at = offset;
      for (let i = find(offset); at < offset + length; i++) {
        const p = await piece(i);
        const start = at - offsets[i]!;
        const take = Math.min(p.length - start, offset + length - at);
        if (take <= 0) throw new Error(`the pieces of the download of ${id} do not follow each other at byte ${at}`);
        out.set(p.subarray(start, start + take), at - offset);
        at += take;
      }
      return out;
    },
  };
}
