// The extension's IndexedDB (Dexie), shared by the service worker and the engine host (same origin).
// Verdicts are a cache: bounded, least recently used evicted first. Models and heads (and, later, the
// person's reference sets) are the person's data: never evicted.
import Dexie, { type Table } from 'dexie';
import { migrateHeadPack, type AnyHeadPack } from '../../engine/head/head-pack';
import type { Provenance } from '../../engine/provenance/types';
import type { FeatureSet, ModelEntry, Verdict } from '../../engine/types';
import { stampUse, writeStamps } from './usage-stamps';

export interface VerdictRow {
  hash: string;
  encoder: string;
  head: string;
  verdict: Verdict;
  runtime: string;
  /** A small picture of the image, drawn by the engine host from the pixels it decoded (engine-host/thumbnail.ts). */
  thumbnail?: string;
  createdAt: number;
  /** Last time it answered a request: the eviction order. */
  usedAt: number;
}

export interface UrlRow {
  url: string;
  hash: string;
  /** When the bytes behind the URL were last fetched and hashed. */
  fetchedAt: number;
  usedAt: number;
}

/**
 * Every feature the encoder's entry names for one image (Float32Arrays, stored as such by IndexedDB's
 * structured clone): a new or retrained head judges the image again without running the encoder.
 */
export interface FeatureRow {
  hash: string;
  encoder: string;
  features: FeatureSet;
  usedAt: number;
}

/** What an image's bytes declare about their origin: by content hash, whatever model ran (or none). */
export interface ProvenanceRow {
  hash: string;
  provenance: Provenance;
  usedAt: number;
}

export interface ModelRow {
  id: string;
  entry: ModelEntry;
  /**
   * A Blob, not an ArrayBuffer: a row is read for its entry on every attribution (which encoder is active,
   * is it a test model), and a Blob is a handle, where an ArrayBuffer of a ViT-L/14 would bring 1.2 GB
   * out of the database each time. Its bytes are read where the model is run, hashed or rewritten.
   */
  bytes: Blob;
  installedAt: number;
}


export interface HeadRow {
  id: string;
  /** The encoder id it belongs to (an index: "which heads fit this encoder"). */
  encoder: string;
  pack: AnyHeadPack;
  installedAt: number;
}

/**
 * One example of the person's reference set: an image they said is from a generator (or a real photo).
 * User data: never evicted, kept across schema upgrades, exportable. Features are the engine host's own
 * (it fetched and encoded the image), never pixels a page handed over.
 */
export interface ReferenceRow {
  encoder: string;
  hash: string;
  label: string;
  features: FeatureSet;
  /** A small PNG data: URL the engine host drew from the decoded image, for the options page. */
  thumbnail: string;
  addedAt: number;
}

/** Per encoder: the imported head the person's classes extend (null: they stand alone), and the head trained last. */
export interface ReferenceSetRow {
  encoder: string;
  base: string | null;
  head?: string;
}

/** What a download is pinned to: an encoder's entry, or a checkpoint converted on install (its size may be unknown). */
export interface DownloadPin {
  id: string;
  sha256: string;
  bytes?: number;
}

/**
 * An encoder download under way (or stopped), resumed from its parts: the person's data until it ends. A
 * checkpoint converted on install stays here, checked, until the engine host has converted it.
 */
export interface DownloadRow {
  id: string;
  entry: DownloadPin;
  /** Bytes kept in downloadParts: always a prefix of the file. */
  kept: number;
  startedAt: number;
  updatedAt: number;
  /** A checkpoint's SHA-256 once every byte is kept and hashed to the pinned one: ready to convert. */
  verified?: string;
  /** The conversion's progress, written by the engine host for the page that waits for it. */
  converting?: { done: number; total: number };
}

/** One piece of a download's bytes, at its offset in the file. */
export interface DownloadPartRow {
  id: string;
  offset: number;
  /** A Blob; an ArrayBuffer in pieces kept before version 7, read alike (download-store.ts). */
  bytes: Blob | ArrayBuffer;
}

export class OriginLensDb extends Dexie {
  verdicts!: Table<VerdictRow, [string, string, string]>;
  urls!: Table<UrlRow, string>;
  models!: Table<ModelRow, string>;
  heads!: Table<HeadRow, string>;
  features!: Table<FeatureRow, [string, string]>;
  references!: Table<ReferenceRow, [string, string]>;
  referenceSets!: Table<ReferenceSetRow, string>;
  downloads!: Table<DownloadRow, string>;
  downloadParts!: Table<DownloadPartRow, [string, number]>;
  provenance!: Table<ProvenanceRow, string>;

  constructor(name = 'originlens') {
    super(name);
    // Schema versions: a later version adds `this.version(2).stores({...}).upgrade(tx => ...)` below this
    // one and never edits it, so existing databases migrate in order.
    this.version(1).stores({
      verdicts: '[hash+encoder+head], usedAt',
      urls: 'url, hash, usedAt',
      models: 'id',
      heads: 'id, encoder',
    });
    // 2: features by content hash and encoder, a cache evicted with the verdicts. Only a table is added,
    // so the existing rows need no upgrade function; Dexie keeps the tables it is not told to drop.
    this.version(2).stores({
      features: '[hash+encoder], usedAt',
    });
    // 3: the person's reference sets; again only new tables.
    this.version(3).stores({
      references: '[encoder+hash], encoder, label, addedAt',
      referenceSets: 'encoder',
    });
    // 4: encoder downloads that survive the options page and the browser (shared/download-store.ts);
    // only new tables.
    this.version(4).stores({
      downloads: 'id',
      downloadParts: '[id+offset]',
    });
    // 5: what files declare about their origin, by content hash (a cache evicted with the verdicts); only a new table.
    this.version(5).stores({
      provenance: 'hash, usedAt',
    });
    // 6: head packs of format version 2 (detectors beside attribution heads); stored version 1 packs are
    // rewritten as version 2, their ids (and so their cached verdicts) unchanged.
    this.version(6)
      .stores({})
      .upgrade((tx) =>
        tx
          .table<HeadRow, string>('heads')
          .toCollection()
          .modify((row) => {
            row.pack = migrateHeadPack(row.pack as unknown as Record<string, unknown>) as unknown as AnyHeadPack;
          }),
      );
    // 7: an encoder's bytes are kept as a Blob (see ModelRow), so that reading its row reads no weights.
    this.version(7)
      .stores({})
      .upgrade((tx) =>
        tx
          .table<{ bytes: Blob | ArrayBuffer }, string>('models')
          .toCollection()
          .modify((row) => {
            if (row.bytes instanceof ArrayBuffer) row.bytes = new Blob([row.bytes]);
          }),
      );
  }
}

let instance: OriginLensDb | undefined;

export function db(): OriginLensDb {
  instance ??= new OriginLensDb();
  return instance;
}

/** A URL's bytes are fetched again after this long: the same URL may come to serve another image. */
export const URL_TTL_MS = 24 * 60 * 60 * 1000;

// A cache hit is a read in one read-only transaction; its use is stamped behind (usage-stamps.ts), since
// each read-write transaction costs a commit, and back-to-back hits waited for each other's.
export async function verdictFor(hash: string, encoder: string, head: string): Promise<VerdictRow | undefined> {
  const row = await db().verdicts.get([hash, encoder, head]);
  if (row) stampUse(db().verdicts, [hash, encoder, head]);
  return row;
}

/** The cached verdict for a URL fetched recently, if its bytes were attributed with this encoder and head. */
export async function verdictForUrl(url: string, encoder: string, head: string, now = Date.now()): Promise<VerdictRow | undefined> {
  const d = db();
  const found = await d.transaction('r', d.urls, d.verdicts, async () => {
    const link = await d.urls.get(url);
    if (!link || now - link.fetchedAt > URL_TTL_MS) return undefined;
    const row = await d.verdicts.get([link.hash, encoder, head]);
    return row && { link, row };
  });
  if (!found) return undefined;
  stampUse(d.urls, url, now);
  stampUse(d.verdicts, [found.link.hash, encoder, head], now);
  return found.row;
}

export async function rememberUrl(url: string, hash: string): Promise<void> {
  // data: URLs are their own bytes: no point keeping them as keys.
  if (url.startsWith('data:')) return;
  const now = Date.now();
  await db().urls.put({ url, hash, fetchedAt: now, usedAt: now });
}

export async function provenanceFor(hash: string): Promise<Provenance | undefined> {
  const row = await db().provenance.get(hash);
  if (row) stampUse(db().provenance, hash);
  return row?.provenance;
}

/** The provenance of the bytes a URL served when last fetched (within URL_TTL_MS), if it was read. */
export async function provenanceForUrl(url: string, now = Date.now()): Promise<{ hash: string; provenance: Provenance } | undefined> {
  const d = db();
  const found = await d.transaction('r', d.urls, d.provenance, async () => {
    const link = await d.urls.get(url);
    if (!link || now - link.fetchedAt > URL_TTL_MS) return undefined;
    const row = await d.provenance.get(link.hash);
    return row && { hash: link.hash, provenance: row.provenance };
  });
  if (!found) return undefined;
  stampUse(d.urls, url, now);
  stampUse(d.provenance, found.hash, now);
  return found;
}

export async function storeProvenance(hash: string, provenance: Provenance, maxVerdicts: number): Promise<void> {
  await db().provenance.put({ hash, provenance, usedAt: Date.now() });
  await evict(maxVerdicts);
}

export async function featuresFor(hash: string, encoder: string): Promise<FeatureSet | undefined> {
  const row = await db().features.get([hash, encoder]);
  if (row) stampUse(db().features, [hash, encoder]);
  return row?.features;
}

/** Features are evicted with the verdicts, under the same cap: an image's features outlive few of its verdicts. */
export async function storeFeatures(hash: string, encoder: string, features: FeatureSet, maxVerdicts: number): Promise<void> {
  await db().features.put({ hash, encoder, features, usedAt: Date.now() });
  await evict(maxVerdicts);
}

/** A thumbnail kept with any verdict on these bytes (whichever encoder and head made it). */
export async function keptThumbnail(hash: string): Promise<string | undefined> {
  let found: string | undefined;
  await db()
    .verdicts.where('[hash+encoder+head]')
    .between([hash, Dexie.minKey, Dexie.minKey], [hash, Dexie.maxKey, Dexie.maxKey])
    .until(() => found !== undefined)
    .each((row) => {
      found ??= row.thumbnail;
    });
  return found;
}

/** Adds a thumbnail to a verdict cached without one. */
export async function keepThumbnail(key: [string, string, string], thumbnail: string): Promise<void> {
  await db().verdicts.update(key, { thumbnail });
}

export async function storeVerdict(row: VerdictRow, maxVerdicts: number): Promise<void> {
  await db().verdicts.put(row);
  await evict(maxVerdicts);
}

/**
 * Keeps at most `maxVerdicts` verdicts and as many feature sets (and twice as many URL links), dropping the
 * least recently used. Eviction goes a little below the cap so that it does not run on every insert.
 * Models, heads and the person's reference sets are never touched here.
 */
export async function evict(maxVerdicts: number): Promise<{ verdicts: number; urls: number; features: number; provenance: number }> {
  const trim = async <K>(table: Table<{ usedAt: number }, K>, max: number): Promise<number> => {
    const count = await table.count();
    if (count <= max) return 0;
    const excess = count - Math.floor(max * 0.95);
    const keys = await table.orderBy('usedAt').limit(excess).primaryKeys();
    await table.bulkDelete(keys);
    return keys.length;
  };
  // The pending uses first, so that the order is right; failing to write them must not stop eviction,
  // which is what frees room when the store is full.
  await writeStamps().catch(() => undefined);
  const d = db();
  return { verdicts: await trim(d.verdicts, maxVerdicts), urls: await trim(d.urls, maxVerdicts * 2), features: await trim(d.features, maxVerdicts), provenance: await trim(d.provenance, maxVerdicts) };
}

export async function clearCache(): Promise<{ verdicts: number; urls: number }> {
  const d = db();
  const counts = { verdicts: await d.verdicts.count(), urls: await d.urls.count() };
  await d.transaction('rw', [d.verdicts, d.urls, d.features, d.provenance], async () => {
    await d.provenance.clear();
    await d.verdicts.clear();
    await d.urls.clear();
    await d.features.clear();
  });
  return counts;
}
