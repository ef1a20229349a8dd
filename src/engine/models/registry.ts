// Reads the model registry (models/registry.json) and single model entries (the X.json beside a test
// encoder). Pure data checks with no Node built-ins: the extension's options page reads the same file.
// Every error names the file and the field it is about, so a broken entry is fixed in one look.
import { RESIZE_MODES, type FeatureSource, type InputSpec, type ModelEntry, type ResizeMode } from '../types';

export interface Registry {
  version: 1;
  models: ModelEntry[];
  /** Encoders made on install from a checkpoint the registry pins (by its SHA-256; its size may be unknown). */
  conversions?: ConversionEntry[];
}

/**
 * A checkpoint converted on install (engine/convert/): the source is pinned by SHA-256 (OpenAI publishes
 * the hashes of its checkpoints in their URLs, not their sizes, so `bytes` may be absent); the encoder it
 * gives is recorded with its own SHA-256 beside the source's when it is made.
 */
export interface ConversionEntry {
  id: string;
  name: string;
  /** The encoder's file name in the model store. */
  file: string;
  licence: string;
  source: { url: string; sha256: string; file: string; bytes?: number };
  convert: { weights: 'float32' | 'float16' | 'int8'; activation: 'quickgelu' | 'gelu' };
  /** Never in the registry: a test build's stand-in with random weights, whose encoder is marked as a test model. */
  test?: boolean;
}

export class RegistryError extends Error {
  override name = 'RegistryError';
}

const SHA256 = /^[0-9a-f]{64}$/i;
// Ids end up in file names and on command lines: keep them to characters that need no quoting.
const ID = /^[a-z0-9][a-z0-9._-]*$/i;

type Json = Record<string, unknown>;

/** Where a value sits: the file (or other source) and the field path inside it, e.g. `models[0].sha256`. */
interface At {
  source: string;
  field: string;
}

function child(at: At, key: string | number): At {
  const field = typeof key === 'number' ? `${at.field}[${key}]` : at.field === '' ? key : `${at.field}.${key}`;
  return { source: at.source, field };
}

function fail(at: At, message: string): never {
  const where = [at.source, at.field].filter((s) => s !== '').join(': ');
  throw new RegistryError(where === '' ? message : `${where}: ${message}`);
}

function object(value: unknown, at: At): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(at, 'expected an object');
  return value as Json;
}

function string(value: unknown, at: At): string {
  if (typeof value !== 'string' || value.trim() === '') fail(at, 'expected a non-empty string');
  return value;
}

function integer(value: unknown, at: At, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) fail(at, `expected an integer >= ${min}`);
  return value;
}

function triple(value: unknown, at: At, positive: boolean): [number, number, number] {
  const ok =
    Array.isArray(value) &&
    value.length === 3 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
  if (!ok) fail(at, `expected 3 ${positive ? 'positive ' : ''}finite numbers`);
  return [value[0], value[1], value[2]] as [number, number, number];
}

/** A relative path with forward slashes that stays inside the folder of the JSON that names it. */
function relativeFile(value: unknown, at: At): string {
  const file = string(value, at);
  const bad =
    file.startsWith('/') ||
    file.includes('\\') ||
    /^[a-z]:/i.test(file) ||
    file.split('/').some((part) => part === '..' || part === '' || part === '.');
  if (bad) fail(at, `expected a relative path inside the JSON file's folder, got "${file}"`);
  return file;
}

function parseInput(value: unknown, at: At): InputSpec {
  const obj = object(value, at);
  const input: InputSpec = {
    name: string(obj.name, child(at, 'name')),
    size: integer(obj.size, child(at, 'size'), 1),
    mean: triple(obj.mean, child(at, 'mean'), false),
    std: triple(obj.std, child(at, 'std'), true),
  };
  if (obj.resize !== undefined) {
    const resize = string(obj.resize, child(at, 'resize'));
    if (!(RESIZE_MODES as readonly string[]).includes(resize)) fail(child(at, 'resize'), `expected one of ${RESIZE_MODES.join(', ')}, got "${resize}"`);
    input.resize = resize as ResizeMode;
  }
  return input;
}

function parseFeatures(value: unknown, at: At): Record<string, FeatureSource> {
  const obj = object(value, at);
  const names = Object.keys(obj);
  if (names.length === 0) fail(at, 'expected at least one feature');
  const features: Record<string, FeatureSource> = {};
  for (const name of names) {
    const fat = child(at, name);
    const source = object(obj[name], fat);
    const feature: FeatureSource = {
      output: string(source.output, child(fat, 'output')),
      dim: integer(source.dim, child(fat, 'dim'), 1),
    };
    if (source.select !== undefined) feature.select = integer(source.select, child(fat, 'select'), 0);
    features[name] = feature;
  }
  return features;
}

function parseEntryAt(value: unknown, at: At): ModelEntry {
  const obj = object(value, at);
  const id = string(obj.id, child(at, 'id'));
  if (!ID.test(id)) fail(child(at, 'id'), `expected letters, digits, ".", "_" or "-", got "${id}"`);
  const sha256 = string(obj.sha256, child(at, 'sha256'));
  if (!SHA256.test(sha256)) fail(child(at, 'sha256'), 'expected 64 hex digits');
  if (typeof obj.test !== 'boolean') fail(child(at, 'test'), 'expected true or false');
  const entry: ModelEntry = {
    id,
    name: string(obj.name, child(at, 'name')),
    file: relativeFile(obj.file, child(at, 'file')),
    bytes: integer(obj.bytes, child(at, 'bytes'), 1),
    sha256: sha256.toLowerCase(),
    input: parseInput(obj.input, child(at, 'input')),
    features: parseFeatures(obj.features, child(at, 'features')),
    licence: string(obj.licence, child(at, 'licence')),
    test: obj.test,
  };
  if (obj.url !== undefined) {
    const url = string(obj.url, child(at, 'url'));
    if (!/^https?:\/\/[^/\s]+/i.test(url)) fail(child(at, 'url'), `expected an http(s) URL, got "${url}"`);
    entry.url = url;
  }
  if (obj.revision !== undefined) entry.revision = string(obj.revision, child(at, 'revision'));
  return entry;
}

/**
 * Checks one model entry; `source` (a file name, say) starts every error message. Unknown fields are
 * ignored, so the scripts that make test encoders may record their own provenance beside the entry.
 */
export function parseModelEntry(value: unknown, source = ''): ModelEntry {
  return parseEntryAt(value, { source, field: '' });
}

/** Checks a registry document: version 1, unique ids, unique file names (they share the model store). */
export function parseRegistry(value: unknown, source = ''): Registry {
  const root: At = { source, field: '' };
  const obj = object(value, root);
  if (obj.version !== 1) fail(child(root, 'version'), `expected 1, got ${JSON.stringify(obj.version) ?? 'nothing'}`);
  if (!Array.isArray(obj.models)) fail(child(root, 'models'), 'expected an array');
  const list = child(root, 'models');
  const models = obj.models.map((m, i) => parseEntryAt(m, child(list, i)));
  const ids = new Set<string>();
  const files = new Set<string>();
  models.forEach((m, i) => {
    if (ids.has(m.id)) fail(child(child(list, i), 'id'), `"${m.id}" appears twice`);
    if (files.has(m.file)) fail(child(child(list, i), 'file'), `"${m.file}" appears twice`);
    ids.add(m.id);
    files.add(m.file);
  });
  const conversions: ConversionEntry[] = [];
  if (obj.conversions !== undefined) {
    if (!Array.isArray(obj.conversions)) fail(child(root, 'conversions'), 'expected an array');
    const clist = child(root, 'conversions');
    obj.conversions.forEach((c, i) => {
      const conversion = parseConversion(c, child(clist, i));
      if (ids.has(conversion.id)) fail(child(child(clist, i), 'id'), `"${conversion.id}" appears twice`);
      if (files.has(conversion.file)) fail(child(child(clist, i), 'file'), `"${conversion.file}" appears twice`);
      ids.add(conversion.id);
      files.add(conversion.file);
      conversions.push(conversion);
    });
  }
  return { version: 1, models, conversions };
}

function parseConversion(value: unknown, at: At): ConversionEntry {
  const obj = object(value, at);
  const id = string(obj.id, child(at, 'id'));
  if (!ID.test(id)) fail(child(at, 'id'), `expected letters, digits, ".", "_" or "-", got "${id}"`);
  const sat = child(at, 'source');
  const source = object(obj.source, sat);
  const url = string(source.url, child(sat, 'url'));
  if (!/^https?:\/\/[^/\s]+/i.test(url)) fail(child(sat, 'url'), `expected an http(s) URL, got "${url}"`);
  const sha256 = string(source.sha256, child(sat, 'sha256'));
  if (!SHA256.test(sha256)) fail(child(sat, 'sha256'), 'expected 64 hex digits');
  const cat = child(at, 'convert');
  const convert = object(obj.convert, cat);
  const weights = string(convert.weights, child(cat, 'weights'));
  if (!['float32', 'float16', 'int8'].includes(weights)) fail(child(cat, 'weights'), `expected float32, float16 or int8, got "${weights}"`);
  const activation = string(convert.activation, child(cat, 'activation'));
  if (activation !== 'quickgelu' && activation !== 'gelu') fail(child(cat, 'activation'), `expected quickgelu or gelu, got "${activation}"`);
  const entry: ConversionEntry = {
    id,
    name: string(obj.name, child(at, 'name')),
    file: relativeFile(obj.file, child(at, 'file')),
    licence: string(obj.licence, child(at, 'licence')),
    source: { url, sha256: sha256.toLowerCase(), file: relativeFile(source.file, child(sat, 'file')) },
    convert: { weights: weights as ConversionEntry['convert']['weights'], activation },
  };
  if (source.bytes !== undefined) entry.source.bytes = integer(source.bytes, child(sat, 'bytes'), 1);
  return entry;
}

export function findConversion(registry: Registry, id: string): ConversionEntry | undefined {
  return registry.conversions?.find((c) => c.id === id);
}

export function findModel(registry: Registry, id: string): ModelEntry | undefined {
  return registry.models.find((m) => m.id === id);
}

/** Like findModel, but a missing id is an error that lists the ids there are. */
export function requireModel(registry: Registry, id: string): ModelEntry {
  const entry = findModel(registry, id);
  if (!entry) {
    const known = registry.models.map((m) => m.id).join(', ') || 'none';
    throw new RegistryError(`no model "${id}" in the registry (known: ${known})`);
  }
  return entry;
}

/** Entries pinned to exactly these bytes: the same SHA-256 and, when given, the same size. */
export function findModelsByHash(registry: Registry, sha256: string, bytes?: number): ModelEntry[] {
  const hash = sha256.toLowerCase();
  return registry.models.filter((m) => m.sha256 === hash && (bytes === undefined || m.bytes === bytes));
}
