// The person's settings: defaults first, the type derived from them, a version with migrations, and
// validation on every read (storage is shared with older versions and can hold anything). Every context
// reads and writes settings through this module; the storage area is passed in so the rules stay pure
// and testable outside a browser.

/** Which onnxruntime-web backend the engine host runs the encoder on. */
export type Backend = 'webgpu' | 'wasm';
export type BackendChoice = Backend | 'auto';

/**
 * What the file itself declares (engine/provenance): shown beside the model's verdict, hidden, or shown
 * alone, with no model run at all.
 */
export const PROVENANCE_MODES = ['show', 'hide', 'only'] as const;
export type ProvenanceMode = (typeof PROVENANCE_MODES)[number];

export const SETTINGS_VERSION = 1;
export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS = {
  version: SETTINGS_VERSION,
  /** onnxruntime-web backend: WebGPU when an adapter exists ("auto"), or forced. */
  backend: 'auto' as BackendChoice,
  /** The head pack verdicts are made with; null until one is installed. */
  headId: null as string | null,
  /** Heads combined with it in every verdict (detectors, typically); those that read another encoder wait. */
  withHeads: [] as string[],
  /** The person's LLR thresholds for the heads combined with it, by head id; a head not listed keeps its own. */
  headLlr: {} as Record<string, number>,
  /** Overrides of the head's own thresholds; null keeps the head's. */
  thresholds: { llr: null as number | null, openSet: null as number | null },
  /** Images smaller than this (CSS pixels, either side) get no automatic badge. */
  minImageSize: 96,
  /** Host names (and their subdomains; `host:port` for one port only) where every image gets a badge as it scrolls into view. */
  autoBadgeSites: ['x.com', 'twitter.com', 'facebook.com', 'instagram.com', 'reddit.com', 'bsky.app', 'mastodon.social', 'pinterest.com', 'tumblr.com', '4chan.org'],
  /** Most verdicts kept in the cache; the least recently used go first. Models and heads are never evicted. */
  cacheMaxVerdicts: 20_000,
  /** Show what each file declares about its origin beside the model's verdict, hide it, or show only that. */
  provenance: 'show' as ProvenanceMode,
};

export type Settings = typeof DEFAULT_SETTINGS;
/** What a caller may change: anything but the version, thresholds one at a time. */
export type SettingsPatch = Partial<Omit<Settings, 'version' | 'thresholds'>> & { thresholds?: Partial<Settings['thresholds']> };

/** The part of a storage area settings need (chrome.storage.local and browser.storage.local both fit). */
export interface SettingsStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const finiteOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
/** A host name, optionally with a port (sites.ts: two servers on one address are two sites). */
const HOST = /^(?=.{1,253}$)[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/;

/** Each field's check; a value that fails falls back to its default, and the others are kept. */
const checks: { [K in Exclude<keyof Settings, 'version' | 'thresholds'>]: (v: unknown) => v is Settings[K] } = {
  backend: (v): v is BackendChoice => v === 'auto' || v === 'webgpu' || v === 'wasm',
  headId: (v): v is string | null => v === null || (typeof v === 'string' && v.length > 0 && v.length <= 200),
  withHeads: (v): v is string[] => Array.isArray(v) && v.length <= 16 && v.every((h) => typeof h === 'string' && h.length > 0 && h.length <= 200),
  headLlr: (v): v is Record<string, number> =>
    isObject(v) && Object.keys(v).length <= 32 && Object.entries(v).every(([id, t]) => id.length > 0 && id.length <= 200 && typeof t === 'number' && Number.isFinite(t)),
  minImageSize: (v): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000,
  autoBadgeSites: (v): v is string[] => Array.isArray(v) && v.length <= 1000 && v.every((h) => typeof h === 'string' && HOST.test(h)),
  cacheMaxVerdicts: (v): v is number => Number.isInteger(v) && (v as number) >= 100 && (v as number) <= 10_000_000,
  provenance: (v): v is ProvenanceMode => (PROVENANCE_MODES as readonly unknown[]).includes(v),
};

/**
 * Migrations from each older version to the next, keyed by the version they read. None yet: version 1 is
 * the first; a version 2 adds `1: (old) => ({ ...old, version: 2, newField: ... })`.
 */
const migrations: Record<number, (old: Json) => Json> = {};

function migrate(raw: Json): Json {
  let doc = raw;
  let version = typeof doc.version === 'number' ? doc.version : SETTINGS_VERSION;
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) return {}; // no way forward: start again from the defaults
    doc = step(doc);
    version = typeof doc.version === 'number' ? doc.version : version + 1;
  }
  return doc;
}

/** Settings from whatever storage holds: migrated, each field checked, defaults where missing or wrong. */
export function parseSettings(raw: unknown): Settings {
  const doc = isObject(raw) ? migrate(raw) : {};
  // A newer version's settings (after a downgrade) are read field by field like any other.
  const out = structuredClone(DEFAULT_SETTINGS);
  for (const key of Object.keys(checks) as (keyof typeof checks)[]) {
    const value = doc[key];
    if (checks[key](value)) (out as Record<string, unknown>)[key] = structuredClone(value);
  }
  const thresholds = isObject(doc.thresholds) ? doc.thresholds : {};
  if (finiteOrNull(thresholds.llr)) out.thresholds.llr = thresholds.llr;
  if (finiteOrNull(thresholds.openSet)) out.thresholds.openSet = thresholds.openSet;
  return out;
}

/** Applies a patch; throws with the field's name when a value is not acceptable. */
export function applyPatch(current: Settings, patch: unknown): Settings {
  if (!isObject(patch)) throw new TypeError('settings: expected an object of changes');
  const next: Settings = structuredClone(current);
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'thresholds') {
      if (!isObject(value)) throw new TypeError('settings.thresholds: expected an object');
      for (const [name, t] of Object.entries(value)) {
        if ((name !== 'llr' && name !== 'openSet') || !finiteOrNull(t)) throw new TypeError(`settings.thresholds.${name}: expected a finite number or null`);
        next.thresholds[name] = t;
      }
    } else if (key in checks) {
      const check = checks[key as keyof typeof checks];
      if (!check(value)) throw new TypeError(`settings.${key}: not an acceptable value`);
      (next as Record<string, unknown>)[key] = structuredClone(value);
    } else {
      throw new TypeError(`settings.${key}: no such setting`);
    }
  }
  return next;
}

export async function loadSettings(storage: SettingsStorage): Promise<Settings> {
  const stored = await storage.get(SETTINGS_KEY);
  return parseSettings(stored[SETTINGS_KEY]);
}

// Read-modify-write is serialised within a context; two contexts writing at once is left to the last
// writer, as settings change by hand, one at a time.
let writing: Promise<unknown> = Promise.resolve();

export function updateSettings(storage: SettingsStorage, patch: unknown): Promise<Settings> {
  const run = writing.then(async () => {
    const next = applyPatch(await loadSettings(storage), patch);
    await storage.set({ [SETTINGS_KEY]: next });
    return next;
  });
  writing = run.catch(() => undefined);
  return run;
}
