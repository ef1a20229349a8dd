// The head pack: a small versioned JSON file with everything needed to turn an encoder's features into a
// verdict, bound to the exact encoder (by SHA-256) its weights were trained on. Validated on load, so a
// hand-edited or foreign file fails with a message naming the field rather than with NaN verdicts later.
import type { LinearModel, Matrix } from './logistic-regression';
import { REAL } from '../types';
import type { KnnReference } from './knn';
import { OPEN_SET_METHODS, type OpenSetMethod } from './open-set';

export const HEAD_FORMAT = 'originlens-head';
export const HEAD_VERSION = 1;

export interface HeadPack {
  format: typeof HEAD_FORMAT;
  version: typeof HEAD_VERSION;
  /** Changes whenever the weights do: verdicts are cached under it. */
  id: string;
  name: string;
  encoder: { id: string; sha256: string };
  /** Which feature of the encoder, L2-normalised before the linear layer. */
  feature: { name: string; normalize: 'l2' };
  classes: string[];
  weights: number[][];
  bias: number[];
  openSet: { method: OpenSetMethod; threshold: number; acceptRate: number; k?: number };
  /**
   * For the knn score: the training features (base64 of little-endian float32, rows × dim), their class
   * indices, and each class's leave-one-out similarity statistics.
   */
  knn?: { rows: number; features: string; labels: number[]; stats: { mean: number; std: number }[] };
  /** LLR above which an image counts as synthetic. */
  thresholds: { llr: number };
  provenance: {
    trainedOn: string;
    examples: Record<string, number>;
    c: number;
    createdAt: string;
    software: string;
    validation?: Record<string, number>;
  };
}

/** A head pack ready to use: typed arrays instead of JSON numbers. */
export interface Head {
  pack: HeadPack;
  model: LinearModel;
  knn?: KnnReference;
}

export class HeadPackError extends Error {
  override name = 'HeadPackError';
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field<T>(obj: Json, key: string, path: string, check: (v: unknown) => v is T, expected: string): T {
  const v = obj[key];
  if (!check(v)) throw new HeadPackError(`${path}${key}: expected ${expected}`);
  return v;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every(isFiniteNumber);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isSha256 = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

const BASE64 = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
const PAD = 61; // '='

/**
 * Standard base64 of the floats' little-endian bytes. Written out by hand into bytes rather than through a
 * binary string and btoa: a head's k-NN features (500 × 768 floats) took 70 ms that way, most of a
 * retraining's budget, and take a few milliseconds this way.
 */
export function encodeFloat32Base64(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = BASE64[v >> 18]!;
    out[o++] = BASE64[(v >> 12) & 63]!;
    out[o++] = BASE64[(v >> 6) & 63]!;
    out[o++] = BASE64[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8);
    out[o++] = BASE64[v >> 18]!;
    out[o++] = BASE64[(v >> 12) & 63]!;
    out[o++] = i + 1 < n ? BASE64[(v >> 6) & 63]! : PAD;
    out[o] = PAD;
  }
  return new TextDecoder().decode(out);
}

export function decodeFloat32Base64(text: string): Float32Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, bytes.length >> 2);
}

/** Checks a parsed JSON document and returns the head it describes; `source` names it in errors. */
export function parseHeadPack(json: unknown, source = 'head pack'): Head {
  const at = `${source}: `;
  if (!isObject(json)) throw new HeadPackError(`${at}not a JSON object`);
  if (json.format !== HEAD_FORMAT) throw new HeadPackError(`${at}not an OriginLens head pack (format is not "${HEAD_FORMAT}")`);
  if (json.version !== HEAD_VERSION) {
    throw new HeadPackError(`${at}head pack version ${String(json.version)} is not supported (this version reads ${HEAD_VERSION}); update OriginLens`);
  }
  field(json, 'id', at, isString, 'a non-empty string');
  field(json, 'name', at, isString, 'a non-empty string');
  const encoder = field(json, 'encoder', at, isObject, 'an object');
  field(encoder, 'id', `${at}encoder.`, isString, 'a non-empty string');
  field(encoder, 'sha256', `${at}encoder.`, isSha256, '64 lower-case hex digits');
  const feature = field(json, 'feature', at, isObject, 'an object');
  field(feature, 'name', `${at}feature.`, isString, 'a non-empty string');
  if (feature.normalize !== 'l2') throw new HeadPackError(`${at}feature.normalize: expected "l2"`);

  const classes = field(json, 'classes', at, isStringArray, 'an array of class names');
  if (new Set(classes).size !== classes.length) throw new HeadPackError(`${at}classes: names must be unique`);
  if (!classes.includes(REAL) || classes.length < 2) {
    throw new HeadPackError(`${at}classes: expected "${REAL}" and at least one generator`);
  }
  const weights = field(json, 'weights', at, (v): v is number[][] => Array.isArray(v) && v.every(isNumberArray), 'a matrix of finite numbers');
  const bias = field(json, 'bias', at, isNumberArray, 'an array of finite numbers');
  const dim = weights[0]?.length ?? 0;
  if (weights.length !== classes.length || bias.length !== classes.length || dim === 0 || weights.some((r) => r.length !== dim)) {
    throw new HeadPackError(`${at}weights and bias: expected ${classes.length} rows of one length, one per class`);
  }

  const openSet = field(json, 'openSet', at, isObject, 'an object');
  const method = field(openSet, 'method', `${at}openSet.`, (v): v is OpenSetMethod => OPEN_SET_METHODS.includes(v as OpenSetMethod), `one of ${OPEN_SET_METHODS.join(', ')}`);
  field(openSet, 'threshold', `${at}openSet.`, isFiniteNumber, 'a finite number');
  field(openSet, 'acceptRate', `${at}openSet.`, isFiniteNumber, 'a finite number');
  let knn: KnnReference | undefined;
  if (method === 'knn') {
    const k = field(openSet, 'k', `${at}openSet.`, (v): v is number => Number.isInteger(v) && (v as number) >= 1, 'a positive integer');
    const stored = field(json, 'knn', at, isObject, 'an object with the training features');
    const rows = field(stored, 'rows', `${at}knn.`, (v): v is number => Number.isInteger(v) && (v as number) >= 1, 'a positive integer');
    const data = decodeFloat32Base64(field(stored, 'features', `${at}knn.`, isString, 'base64 text'));
    if (data.length !== rows * dim) throw new HeadPackError(`${at}knn.features: expected ${rows} × ${dim} numbers, found ${data.length}`);
    const isLabel = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < classes.length;
    const labels = field(stored, 'labels', `${at}knn.`, (v): v is number[] => Array.isArray(v) && v.length === rows && v.every(isLabel), `${rows} class indices`);
    const isStat = (v: unknown): v is { mean: number; std: number } => isObject(v) && isFiniteNumber(v.mean) && isFiniteNumber(v.std) && v.std > 0;
    const stats = field(stored, 'stats', `${at}knn.`, (v): v is { mean: number; std: number }[] => Array.isArray(v) && v.length === classes.length && v.every(isStat), `one {mean, std} per class`);
    knn = { k, features: { rows, cols: dim, data } satisfies Matrix, labels: Int32Array.from(labels), stats };
  }
  const thresholds = field(json, 'thresholds', at, isObject, 'an object');
  field(thresholds, 'llr', `${at}thresholds.`, isFiniteNumber, 'a finite number');
  const provenance = field(json, 'provenance', at, isObject, 'an object');
  field(provenance, 'trainedOn', `${at}provenance.`, isString, 'a non-empty string');

  const pack = json as unknown as HeadPack;
  const model: LinearModel = {
    classes: classes.length,
    dim,
    weights: Float32Array.from(weights.flat()),
    bias: Float32Array.from(bias),
  };
  return knn ? { pack, model, knn } : { pack, model };
}

/** A short, stable fingerprint of a head's weights (two 32-bit FNV-1a lanes): the "head version" of a verdict. */
export function fingerprint(...arrays: Float32Array[]): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i]!, 0x01000193);
      b = Math.imul(b ^ bytes[i]!, 0x01000193) ^ (b >>> 15);
    }
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
