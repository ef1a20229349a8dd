// Storage full. The cache's writes (verdicts, features, URL links) may meet the browser's quota for the
// extension's IndexedDB. The cache then makes room by evicting its own least recently used half and tries
// once more; models, heads and reference sets are never touched (evict() trims cache tables only). If
// even that fails, the verdict is still answered, just not cached. Either way the person is told: the
// note goes to localStorage, which every extension page shares with this document (the offscreen document
// has no chrome.storage) and whose quota is separate from IndexedDB's.

export const STORAGE_NOTE_KEY = 'originlens.storageFull';

export interface StorageNote {
  at: number;
  /** True when evicting made room; false when the cache could not be written even then. */
  recovered: boolean;
}

/** Dexie wraps the DOMException; either carries the name. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    if ((e as { name?: unknown }).name === 'QuotaExceededError') return true;
    e = (e as { inner?: unknown }).inner;
  }
  return false;
}

export interface Room {
  /** Evicts part of the cache. */
  makeRoom(): Promise<unknown>;
  /** Tells the person. */
  note(note: StorageNote): void;
}

/** Runs a cache write; on a quota error makes room and tries once more. Other errors are thrown. */
export async function writeCache(write: () => Promise<unknown>, room: Room): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
  await room.makeRoom();
  try {
    await write();
    room.note({ at: Date.now(), recovered: true });
    return true;
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    room.note({ at: Date.now(), recovered: false });
    return false;
  }
}

export function readStorageNote(storage: Pick<Storage, 'getItem'>): StorageNote | undefined {
  try {
    const raw = JSON.parse(storage.getItem(STORAGE_NOTE_KEY) ?? 'null') as Partial<StorageNote> | null;
    if (raw === null || typeof raw.at !== 'number' || typeof raw.recovered !== 'boolean') return undefined;
    return { at: raw.at, recovered: raw.recovered };
  } catch {
    return undefined;
  }
}

export function storageNoteText(note: StorageNote): string {
  return note.recovered
    ? 'The browser\'s storage for OriginLens was full: older cached verdicts were removed to make room. Your models, heads and reference sets were kept.'
    : 'The browser\'s storage for OriginLens is full: new verdicts cannot be cached (images will be attributed again). Your models, heads and reference sets were kept. Clearing the cache in the options page, or freeing disk space, helps.';
}
