// Encoder downloads interrupted, in Chromium: the test build's options page downloads the test encoder
// from 127.0.0.1 (test builds only take its address from localStorage). A connection dropped mid-body is
// resumed by itself with one Range request; the options page closed mid-download and opened again carries
// on from the kept bytes without fetching them again; a changed byte is refused, the kept bytes deleted and
// the person told. And the schema version that holds downloads upgrades a version 3 database keeping its rows.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { call } from './support/background';
import { type ExtensionBrowser, launchWithExtension } from './support/browser';
import { startModelServer, TEST_ENCODER, type ModelServer } from './support/model-server';
import { openOptions, screenshot } from './support/pages';
import { until } from './support/shadow-ui';
import type { MigrationGlobals } from './support/migration-hooks';

const ID = 'test-clip-tiny';
const SIZE = TEST_ENCODER.byteLength;

interface DbHooks {
  originlensTest: { db(): Record<'downloads' | 'downloadParts', { get(key: unknown): Promise<{ kept: number } | undefined>; count(): Promise<number> }> };
}

/** The options page, with the test encoder's address set (localStorage is the extension's, so it stays). */
async function openWithServer(browser: ExtensionBrowser, server: ModelServer): Promise<Page> {
  const page = await openOptions(browser);
  await page.evaluate((url) => localStorage.setItem('originlens.test.encoderUrl', url), server.url);
  await page.reload();
  await page.locator('[data-testid="thresholds"]').waitFor();
  return page;
}

/** Bytes the download keeps, and its pieces, read in the extension's database. */
const keptDownload = (browser: ExtensionBrowser) =>
  browser.worker.evaluate(async (id) => {
    const d = (globalThis as unknown as DbHooks).originlensTest.db();
    return { kept: (await d.downloads.get(id))?.kept, parts: await d.downloadParts.count() };
  }, ID);
const isInstalled = async (browser: ExtensionBrowser) => (await call(browser.worker, 'models.state', {})).encoders.some((e) => e.id === ID);
const untilInstalled = (browser: ExtensionBrowser) => until(async () => ((await isInstalled(browser)) ? true : undefined), 'the encoder to be installed');
const untilKept = (browser: ExtensionBrowser, bytes: number) =>
  until(async () => ((await keptDownload(browser)).kept === bytes ? true : undefined), `the ${bytes} bytes sent to be kept`);

describe('an encoder download interrupted', { timeout: 180_000 }, () => {
  let browser: ExtensionBrowser;
  let server: ModelServer;
  let options: Page;

  before(async () => {
    server = await startModelServer();
    browser = await launchWithExtension('dist/chrome-test');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const row = () => options.locator(`li[data-encoder="${ID}"]`);
  const stored = () => keptDownload(browser);
  const installed = () => isInstalled(browser);
  const whenInstalled = () => untilInstalled(browser);

  beforeEach(async () => {
    // Each test from nothing: no options page, no encoder, no kept download.
    for (const page of browser.context.pages()) if (page.url().startsWith('chrome-extension://')) await page.close();
    if (await installed()) await call(browser.worker, 'models.remove', { id: ID });
    await browser.worker.evaluate(async () => {
      const d = (globalThis as unknown as { originlensTest: { db(): Record<'downloads' | 'downloadParts', { clear(): Promise<void> }> } }).originlensTest.db();
      await d.downloads.clear();
      await d.downloadParts.clear();
    });
    server.log.length = 0;
    server.setMode({ kind: 'whole' });
    options = await openWithServer(browser, server);
  });

  test('a connection dropped mid-body: resumed by itself with one Range request, nothing fetched twice', async () => {
    server.setMode({ kind: 'drop', after: 600_000 });
    await row().getByRole('button', { name: 'Install' }).click();
    await whenInstalled();
    assert.equal(server.log.length, 2, `requests: ${JSON.stringify(server.log)}`);
    const [first, second] = server.log;
    assert.equal(first!.range, undefined);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(second!.range ?? '')?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= 600_000, `resumed from ${second!.range}`);
    assert.equal(second!.sent, SIZE - resumedAt, 'the second request fetched only the rest');
    assert.equal((await call(browser.worker, 'models.verify', { id: ID })).ok, true);
    assert.deepEqual(await stored(), { kept: undefined, parts: 0 }, 'the kept pieces are gone once installed');
    await row().locator('[data-testid="download-status"]', { hasText: 'Installed and checked.' }).waitFor();
  });

  test('the options page closed mid-download: opened again, it carries on from the kept bytes by itself', async (t) => {
    server.setMode({ kind: 'stall', after: 700_000 });
    await row().getByRole('button', { name: 'Install' }).click();
    // Bytes of a stalled body are written within half a second of their arrival.
    await untilKept(browser, 700_000);
    await row().locator('[data-testid="download-progress"]').waitFor();
    await screenshot(options, 'options-download-in-progress.png', t);
    await options.close();
    server.release();
    assert.equal((await stored()).kept, 700_000, 'closing the page loses no kept byte');
    assert.equal(server.log.length, 1);

    options = await openOptions(browser);
    await whenInstalled();
    assert.deepEqual(
      server.log.map((r) => r.range),
      [undefined, 'bytes=700000-'],
    );
    assert.equal(
      server.log.reduce((n, r) => n + r.sent, 0),
      SIZE,
      'every byte was sent once',
    );
    assert.equal((await call(browser.worker, 'models.verify', { id: ID })).ok, true);
    assert.deepEqual(await stored(), { kept: undefined, parts: 0 });
  });

  test('two options pages: one downloads, the other shows its progress and fetches nothing', async () => {
    server.setMode({ kind: 'stall', after: 500_000 });
    await row().getByRole('button', { name: 'Install' }).click();
    await untilKept(browser, 500_000);
    // The second page finds the unfinished download and waits for the first page's lock, showing its progress.
    const second = await openOptions(browser);
    const progress = second.locator(`li[data-encoder="${ID}"] progress`);
    await until(async () => (Number(await progress.getAttribute('value').catch(() => null)) > 0.2 ? true : undefined), 'the second page to show the progress');
    assert.equal(server.log.length, 1, 'the second page fetched nothing');
    server.release();
    await whenInstalled();
    await second.locator(`li[data-encoder="${ID}"] [data-testid="download-status"]`, { hasText: 'Installed and checked.' }).waitFor();
    assert.deepEqual(
      server.log.map((r) => r.range),
      [undefined, 'bytes=500000-'],
    );
    await second.close();
  });

  test('a changed byte: refused, the kept bytes deleted, the person told; Install starts afresh', async (t) => {
    server.setMode({ kind: 'corrupt', at: 12_345 });
    await row().getByRole('button', { name: 'Install' }).click();
    const status = row().locator('[data-testid="download-status"].problem');
    await status.waitFor();
    assert.match(await status.innerText(), /not the pinned one .*SHA-256.*It was deleted and not installed/s);
    await screenshot(options, 'options-download-refused.png', t);
    assert.equal(await installed(), false);
    assert.deepEqual(await stored(), { kept: undefined, parts: 0 }, 'no partial data is left');
    // A fresh download (the server now honest) starts from byte 0.
    server.setMode({ kind: 'whole' });
    server.log.length = 0;
    await row().getByRole('button', { name: 'Install' }).click();
    await whenInstalled();
    assert.deepEqual(
      server.log.map((r) => r.range),
      [undefined],
    );
  });

  test('a version 3 database upgrades keeping its reference sets, and holds downloads', async () => {
    const result = await browser.worker.evaluate(async () => {
      const hooks = (globalThis as unknown as MigrationGlobals).originlensTest;
      const name = 'originlens-migration-v3-check';
      // Version 3's schema as it shipped, written by a plain Dexie that knows nothing newer.
      const old = new hooks.Dexie(name);
      old.version(1).stores({ verdicts: '[hash+encoder+head], usedAt', urls: 'url, hash, usedAt', models: 'id', heads: 'id, encoder' });
      old.version(2).stores({ features: '[hash+encoder], usedAt' });
      old.version(3).stores({ references: '[encoder+hash], encoder, label, addedAt', referenceSets: 'encoder' });
      await old.open();
      await old.table('references').put({ encoder: 'enc', hash: 'b'.repeat(64), label: 'mine', features: { embedding: new Float32Array([1, 2]) }, thumbnail: 'data:,', addedAt: 1 });
      await old.table('referenceSets').put({ encoder: 'enc', base: null, head: 'h' });
      await old.table('models').put({ id: 'enc', entry: { id: 'enc' }, bytes: new Uint8Array([4, 5]).buffer, installedAt: 1 });
      old.close();

      const current = new hooks.OriginLensDb(name);
      await current.open();
      await current.table('downloads').put({ id: 'enc2', entry: { id: 'enc2' }, kept: 3, startedAt: 1, updatedAt: 1 });
      await current.table('downloadParts').put({ id: 'enc2', offset: 0, bytes: new Uint8Array([7, 8, 9]).buffer });
      const out = {
        version: current.verno,
        reference: (await current.table('references').get(['enc', 'b'.repeat(64)]))?.label,
        set: await current.table('referenceSets').get('enc'),
        model: Array.from(new Uint8Array(await (((await current.table('models').get('enc'))?.bytes as Blob | undefined) ?? new Blob()).arrayBuffer())),
        part: Array.from(new Uint8Array(((await current.table('downloadParts').get(['enc2', 0]))?.bytes as ArrayBuffer | undefined) ?? new ArrayBuffer(0))),
      };
      await current.delete();
      return out;
    });
    assert.ok(result.version >= 4, `schema version ${result.version}`);
    assert.equal(result.reference, 'mine');
    assert.deepEqual(result.set, { encoder: 'enc', base: null, head: 'h' });
    assert.deepEqual(result.model, [4, 5]);
    assert.deepEqual(result.part, [7, 8, 9]);
  });
});

describe('an encoder download across a browser restart', { timeout: 120_000 }, () => {
  test('the browser closed mid-download: started again on the same profile, the options page carries on from the kept bytes', async () => {
    const server = await startModelServer();
    const profile = await mkdtemp(join(tmpdir(), 'originlens-restart-'));
    let browser: ExtensionBrowser | undefined;
    try {
      browser = await launchWithExtension('dist/chrome-test', [], profile);
      server.setMode({ kind: 'stall', after: 800_000 });
      const options = await openWithServer(browser, server);
      await options.locator(`li[data-encoder="${ID}"]`).getByRole('button', { name: 'Install' }).click();
      await untilKept(browser, 800_000);
      await browser.close();
      server.release();

      browser = await launchWithExtension('dist/chrome-test', [], profile);
      assert.equal((await keptDownload(browser)).kept, 800_000, 'the kept bytes survived the restart');
      await openOptions(browser);
      await untilInstalled(browser);
      assert.deepEqual(
        server.log.map((r) => r.range),
        [undefined, 'bytes=800000-'],
      );
      assert.equal((await call(browser.worker, 'models.verify', { id: ID })).ok, true);
    } finally {
      await browser?.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
