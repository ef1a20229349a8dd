// Test builds only: a full IndexedDB on demand. An extension page sets localStorage's
// "originlens.test.failWrites" to a count (extension pages and this document share localStorage), and
// that many writes to the cache tables then fail with QuotaExceededError, as a full disk would make them.
import { db } from '../shared/db';

const KEY = 'originlens.test.failWrites';
const CACHE_TABLES = new Set(['verdicts', 'urls', 'features']);

function takeFailure(): boolean {
  const left = Number(localStorage.getItem(KEY) ?? '0');
  if (!(left > 0)) return false;
  localStorage.setItem(KEY, String(left - 1));
  return true;
}

export function simulateQuota(): void {
  db().use({
    stack: 'dbcore',
    name: 'originlens-test-quota',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (!CACHE_TABLES.has(name)) return table;
        return {
          ...table,
          // Deletes still work when a disk is full; only what adds data fails.
          mutate: (req) => (req.type !== 'delete' && req.type !== 'deleteRange' && takeFailure() ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(req)),
        };
      },
    }),
  });
}
