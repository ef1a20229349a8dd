// What reading an installed encoder's row costs in Chromium's IndexedDB: the background reads the active
// encoder's row (for its entry) on every attribution. Stored as an ArrayBuffer, as encoders were before
// database version 7, a row brings the whole file out each time; stored as a Blob, it is a handle. The
// same rows, in a scratch database of the test build's service worker, read in turn; the ArrayBuffer row
// is the baseline.
import { launch } from './browser-harness';
import { figure, type Figure, type Section } from './report';

export const browserModelRowSection: Section = {
  id: 'browser-model-row',
  title: "Reading an encoder's row from IndexedDB in Chromium: the file as an ArrayBuffer (before) or a Blob (now)",
  async run(options) {
    const mib = options.quick ? 16 : 1160;
    const rounds = options.quick ? 3 : 5;
    const browser = await launch();
    try {
      options.log(`two rows of ${mib} MiB, read ${rounds} times each in turn`);
      // A string, not a function: the worker gets it as written, with nothing of this bundler's helpers.
      const times = (await browser.worker.evaluate(`(async () => {
        const db = new globalThis.originlensTest.Dexie('originlens-bench-model-row');
        db.version(1).stores({ models: 'id' });
        await db.open();
        const bytes = new Uint8Array(${mib} * 2 ** 20);
        await db.table('models').put({ id: 'buffer', bytes: bytes.buffer });
        await db.table('models').put({ id: 'blob', bytes: new Blob([bytes]) });
        const out = { buffer: [], blob: [] };
        for (let i = 0; i < ${rounds}; i++) {
          for (const id of ['buffer', 'blob']) {
            const start = performance.now();
            await db.table('models').get(id);
            out[id].push(performance.now() - start);
          }
        }
        await db.delete();
        return out;
      })()`)) as { buffer: number[]; blob: number[] };
      const buffer = figure(`browser-model-row/${mib}MiB/arraybuffer`, times.buffer, 'ms', 'the file as an ArrayBuffer, as stored before version 7');
      const blob: Figure = { ...figure(`browser-model-row/${mib}MiB/blob`, times.blob, 'ms', 'the file as a Blob, as stored now'), baseline: buffer.name };
      return [buffer, blob];
    } finally {
      await browser.close();
    }
  },
};
