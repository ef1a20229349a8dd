// Last-use times of cached rows (the eviction order), written behind: a cache hit is then a read alone, in
// a read-only transaction that never waits for a write, and the uses of the last second are written
// together, one write per table. Eviction writes what is pending first, so its order is exact within this
// context; a stamp lost when the context stops only makes that row look a little older than it is.
import type { Table } from 'dexie';

const WRITE_AFTER_MS = 1000;

interface Pending {
  /** The newest use of each row, by its key serialised (compound keys are arrays). */
  uses: Map<string, number>;
  write(uses: Map<string, number>): Promise<unknown>;
}

const pending = new Map<object, Pending>();
let timer: ReturnType<typeof setTimeout> | undefined;

export function stampUse<K>(table: Table<{ usedAt: number }, K>, key: NoInfer<K>, usedAt = Date.now()): void {
  let entry = pending.get(table);
  if (!entry) {
    const write = (uses: Map<string, number>) =>
      table.bulkUpdate([...uses].map(([json, time]) => ({ key: JSON.parse(json) as K, changes: { usedAt: time } })));
    pending.set(table, (entry = { uses: new Map(), write }));
  }
  entry.uses.set(JSON.stringify(key), usedAt);
  timer ??= setTimeout(() => void writeStamps().catch(() => undefined), WRITE_AFTER_MS);
}

/** Writes every pending stamp; a row deleted meanwhile is simply not updated. */
export async function writeStamps(): Promise<void> {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  const batches = [...pending.values()];
  pending.clear();
  for (const { uses, write } of batches) await write(uses);
}
