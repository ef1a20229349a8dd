// The engine host's cache writes, with the quota handling of quota.ts: room is made by evicting half of
// the cached verdicts (and their URL links and features) — never models, heads or reference sets.
import { db, evict } from '../shared/db';
import { STORAGE_NOTE_KEY, writeCache, type Room } from '../shared/quota';

const room: Room = {
  makeRoom: async () => evict(Math.floor((await db().verdicts.count()) / 2)),
  note: (note) => {
    try {
      localStorage.setItem(STORAGE_NOTE_KEY, JSON.stringify(note));
    } catch {
      // localStorage full as well: the person learns of it from the cache not filling, no more can be done.
    }
  },
};

/** A write to the verdict cache that survives a full store; false when it could not be made. */
export function cacheWrite(write: () => Promise<unknown>): Promise<boolean> {
  return writeCache(write, room);
}
