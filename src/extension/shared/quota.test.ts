import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isQuotaError, readStorageNote, STORAGE_NOTE_KEY, writeCache, type StorageNote } from './quota';

const quota = () => Object.assign(new Error('QuotaExceededError: quota exceeded'), { name: 'QuotaExceededError' });
/** As Dexie reports it: its own error wrapping the browser's DOMException. */
const dexieQuota = () => Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota() });

function fake(failures: number, error: () => Error = quota) {
  const log: string[] = [];
  const notes: StorageNote[] = [];
  let left = failures;
  return {
    log,
    notes,
    write: async () => {
      log.push('write');
      if (left-- > 0) throw error();
    },
    room: {
      makeRoom: async () => log.push('evict'),
      note: (n: StorageNote) => notes.push(n),
    },
  };
}

test('quota errors are recognised, bare or wrapped by Dexie; others are not', () => {
  assert.ok(isQuotaError(quota()));
  assert.ok(isQuotaError(dexieQuota()));
  assert.ok(!isQuotaError(new Error('ConstraintError')));
  assert.ok(!isQuotaError(null));
});

test('a full store: the cache evicts, the write is tried once more, and the person is told', async () => {
  const f = fake(1, dexieQuota);
  assert.equal(await writeCache(f.write, f.room), true);
  assert.deepEqual(f.log, ['write', 'evict', 'write']);
  assert.equal(f.notes.length, 1);
  assert.equal(f.notes[0]!.recovered, true);
});

test('still full after evicting: no endless retrying, the answer goes on uncached, the person is told', async () => {
  const f = fake(5);
  assert.equal(await writeCache(f.write, f.room), false);
  assert.deepEqual(f.log, ['write', 'evict', 'write']);
  assert.equal(f.notes[0]!.recovered, false);
});

test('no quota problem: no eviction, no note; other errors are not swallowed', async () => {
  const ok = fake(0);
  assert.equal(await writeCache(ok.write, ok.room), true);
  assert.deepEqual(ok.log, ['write']);
  assert.equal(ok.notes.length, 0);
  const broken = fake(1, () => new Error('ConstraintError'));
  await assert.rejects(writeCache(broken.write, broken.room), /ConstraintError/);
  assert.deepEqual(broken.log, ['write']);
});

test('the note is read back defensively', () => {
  const store = (v: string | null) => ({ getItem: (k: string) => (k === STORAGE_NOTE_KEY ? v : null) });
  assert.deepEqual(readStorageNote(store('{"at":5,"recovered":false}')), { at: 5, recovered: false });
  assert.equal(readStorageNote(store(null)), undefined);
  assert.equal(readStorageNote(store('{oops')), undefined);
  assert.equal(readStorageNote(store('{"at":"x","recovered":1}')), undefined);
});
