// Test builds only: entry points for the end-to-end tests, reached from the service worker's console
// (playwright evaluates there). The context menu cannot be clicked from a test, so the tests call the
// very function its onClicked listener calls. Dexie and the database class are there for schema migration
// tests, which open databases of older versions in the extension's own origin. verdictFor and
// verdictForUrl are the cache's look-ups, which the benchmark times on a filled database. ui reads and
// drives the extension's pages for the Firefox tests (test-ui.ts).
import Dexie from 'dexie';
import { db, evict, OriginLensDb, verdictFor, verdictForUrl } from '../shared/db';
import { invoke } from '../shared/dispatcher';
import type { Args, MessageType } from '../shared/protocol';
import { onMenuClick } from './context-menu';
import { backgroundHandlers } from './handlers';
import { queueSnapshot } from './queue';
import { ui } from './test-ui';

/** A background request as an extension page would make it (a service worker cannot message itself). */
function call<K extends MessageType<'background'>>(type: K, args: Args<'background', K>) {
  return invoke(backgroundHandlers, type, args, { caller: 'extension' });
}

export function installTestHooks(): void {
  Object.assign(globalThis, { originlensTest: { onMenuClick, call, db, evict, queueSnapshot, Dexie, OriginLensDb, verdictFor, verdictForUrl, ui } });
}
