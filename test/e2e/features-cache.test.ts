// The database's schema versions and the features cache, in Chromium's IndexedDB: a database written by
// schema version 1 opens under the current schema with every row kept, a new head judges an image
// whose features are cached without running the encoder, and heads that prepare images differently each
// read the features of their own preparation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HeadPack } from '../../src/engine/head/head-pack';
import { call, clickMenu } from './support/background';
import { type ExtensionBrowser, launchWithExtension, openTab } from './support/browser';
import { pageHtml, startServer, type TestServer } from './support/server';
import type { MigrationGlobals } from './support/migration-hooks';

const IMAGE = '/img/stripes-11.png';
const FRESH = '/img/blocks-12.png';

describe('the database in Chromium', { timeout: 180_000 }, () => {
  let browser: ExtensionBrowser;
  let site: TestServer;
  let tabId: number;

  before(async () => {
    site = await startServer({ '/page.html': pageHtml('Cache', [IMAGE, FRESH]) });
    browser = await launchWithExtension('dist/chrome-test');
    ({ tabId } = await openTab(browser, `${site.origin}/page.html`));
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test('a version 1 database upgrades to the current schema keeping its verdicts, URLs, models and heads', async () => {
    const result = await browser.worker.evaluate(async () => {
      const hooks = (globalThis as unknown as MigrationGlobals).originlensTest;
      const name = 'originlens-migration-check';
      // Version 1's schema exactly as it shipped, written by a plain Dexie that knows nothing newer.
      const old = new hooks.Dexie(name);
      old.version(1).stores({ verdicts: '[hash+encoder+head], usedAt', urls: 'url, hash, usedAt', models: 'id', heads: 'id, encoder' });
      await old.open();
      const verdict = { kind: 'real', probabilities: { real: 0.9, gen: 0.1 }, llr: -2, openSetScore: 1, encoder: 'enc', head: 'h1', ms: 5 };
      await old.table('verdicts').put({ hash: 'a'.repeat(64), encoder: 'enc', head: 'h1', verdict, runtime: 'onnxruntime-web/wasm', createdAt: 1, usedAt: 2 });
      await old.table('urls').put({ url: 'https://example.com/a.png', hash: 'a'.repeat(64), fetchedAt: 1, usedAt: 2 });
      await old.table('models').put({ id: 'enc', entry: { id: 'enc' }, bytes: new Uint8Array([1, 2, 3]).buffer, installedAt: 1 });
      await old.table('heads').put({ id: 'h1', encoder: 'enc', pack: { id: 'h1' }, installedAt: 1 });
      const oldVersion = old.verno;
      old.close();

      const current = new hooks.OriginLensDb(name);
      await current.open();
      const features = new Float32Array([0.25, -1, 3.5]);
      await current.table('features').put({ hash: 'a'.repeat(64), encoder: 'enc', features: { embedding: features }, usedAt: 3 });
      const back = await current.table('features').get(['a'.repeat(64), 'enc']);
      const model = (await current.table('models').get('enc')) as { bytes: unknown } | undefined;
      const out = {
        oldVersion,
        newVersion: current.verno,
        tables: current.tables.map((t) => t.name).sort(),
        verdict: await current.table('verdicts').get(['a'.repeat(64), 'enc', 'h1']),
        url: await current.table('urls').get('https://example.com/a.png'),
        // Version 7 keeps an encoder's bytes as a Blob, so that reading its row reads no weights.
        modelIsBlob: model?.bytes instanceof Blob,
        modelBytes: model?.bytes instanceof Blob ? Array.from(new Uint8Array(await model.bytes.arrayBuffer())) : null,
        head: await current.table('heads').get('h1'),
        featuresBack: back === undefined ? null : { isFloat32: (back.features as Record<string, unknown>).embedding instanceof Float32Array, values: Array.from((back.features as Record<string, Float32Array>).embedding!) },
      };
      await current.delete();
      return out;
    });
    assert.equal(result.oldVersion, 1);
    assert.ok(result.newVersion >= 2, `schema version ${result.newVersion}`);
    assert.ok(result.newVersion >= 3, 'the reference sets schema too');
    for (const t of ['features', 'references', 'referenceSets']) assert.ok(result.tables.includes(t), `table ${t}; tables: ${result.tables.join(', ')}`);
    for (const t of ['verdicts', 'urls', 'models', 'heads']) assert.ok(result.tables.includes(t), `table ${t} kept`);
    assert.equal((result.verdict?.verdict as { kind: string } | undefined)?.kind, 'real');
    assert.equal(result.url?.hash, 'a'.repeat(64));
    assert.equal(result.modelIsBlob, true);
    assert.deepEqual(result.modelBytes, [1, 2, 3]);
    assert.equal(result.head?.encoder, 'enc');
    assert.deepEqual(result.featuresBack, { isFloat32: true, values: [0.25, -1, 3.5] });
  });

  test('another head judges an image whose features are cached without running the encoder', async () => {
    const installed = await call(browser.worker, 'test.installModels', {});
    const url = `${site.origin}${IMAGE}`;
    const runs0 = (await call(browser.worker, 'engine.status', {})).runs;
    const first = await clickMenu(browser.worker, url, tabId);
    assert.notEqual(first.record.verdict.kind, 'error', first.record.verdict.reason);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runs0 + 1, 'the first verdict runs the encoder');

    // A second head for the same encoder: the test head with other biases, under its own id.
    const pack = (await call(browser.worker, 'heads.export', { id: installed.head })) as HeadPack;
    const second: HeadPack = { ...pack, id: `${pack.id}-second`, name: 'Second test head', layers: [{ ...pack.layers[0]!, bias: pack.classes.map((_, i) => (i === 1 ? 3 : 0)) }] };
    await call(browser.worker, 'heads.import', { pack: second, source: 'second head' });
    await call(browser.worker, 'settings.update', { headId: second.id });

    const again = await clickMenu(browser.worker, url, tabId);
    assert.notEqual(again.record.verdict.kind, 'error', again.record.verdict.reason);
    assert.equal(again.record.verdict.head, second.id);
    assert.equal(again.record.cached, false, 'a new verdict, not the first head\'s');
    assert.equal(again.record.hash, first.record.hash);
    assert.notDeepEqual(again.record.verdict.probabilities, first.record.verdict.probabilities);
    assert.equal((await call(browser.worker, 'engine.status', {})).runs, runs0 + 1, 'no encoder run for the second head');
  });

  test('a detector that reads a centre crop, combined with a head that reads the encoder\'s resize: one run each, and each head reads its own', async () => {
    const { head } = await call(browser.worker, 'test.installModels', {});
    const pack = (await call(browser.worker, 'heads.export', { id: head })) as HeadPack;
    const dim = pack.layers[0]!.weights[0]!.length;
    const detector = {
      format: 'originlens-head',
      version: 2,
      kind: 'detector',
      id: 'crop-detector@0001',
      name: 'Crop detector',
      encoder: pack.encoder,
      feature: pack.feature,
      preprocess: { mode: 'crop', size: 224 },
      layers: [{ weights: [Array.from({ length: dim }, (_, i) => Math.sin(i + 1))], bias: [0] }],
      thresholds: { llr: 0 },
      provenance: { trainedOn: 'nothing: fixed weights for a test', createdAt: 'test', software: 'test' },
    };
    await call(browser.worker, 'heads.import', { pack: detector, source: 'crop-detector.json' });
    await call(browser.worker, 'settings.update', { headId: head, withHeads: [detector.id] });
    const url = `${site.origin}${FRESH}`;
    const runs = async () => (await call(browser.worker, 'engine.status', {})).runs;
    const runs0 = await runs();
    const both = (await clickMenu(browser.worker, url, tabId)).record;
    assert.notEqual(both.verdict.kind, 'error', both.verdict.reason);
    assert.deepEqual(both.verdict.evidence?.map((e) => e.head), [head, detector.id]);
    assert.equal(await runs(), runs0 + 2, 'one run of the encoder for each preparation');
    const keys = await browser.worker.evaluate(() =>
      (globalThis as unknown as { originlensTest: { db(): { features: { toCollection(): { primaryKeys(): Promise<[string, string][]> } } } } }).originlensTest.db().features.toCollection().primaryKeys(),
    );
    const stored = keys.filter(([hash]) => hash === both.hash).map(([, encoder]) => encoder);
    assert.deepEqual(stored.sort(), [pack.encoder.id, `${pack.encoder.id}#crop`], 'features stored for each preparation');
    // Each head alone, from the cached features (no run): the same evidence as in the combined verdict.
    await call(browser.worker, 'settings.update', { withHeads: [] });
    const alone = (await clickMenu(browser.worker, url, tabId)).record;
    assert.deepEqual([alone.verdict.evidence?.[0]?.llr, alone.verdict.probabilities], [both.verdict.evidence?.[0]?.llr, both.verdict.probabilities], 'the attribution head read the encoder\'s own preparation');
    await call(browser.worker, 'settings.update', { headId: detector.id });
    const detectorAlone = (await clickMenu(browser.worker, url, tabId)).record;
    assert.equal(detectorAlone.verdict.evidence?.[0]?.llr, both.verdict.evidence?.[1]?.llr, 'the detector read its centre crop');
    assert.equal(await runs(), runs0 + 2, 'no more runs');
    await call(browser.worker, 'settings.update', { headId: head });
  });
});
