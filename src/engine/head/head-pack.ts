// The head pack: a small versioned JSON file with everything needed to turn an encoder's features into a
// verdict, bound to the exact encoder (by SHA-256) its weights were trained on. Validated on load, so a
// hand-edited or foreign file fails with a message naming the field rather than with NaN verdicts later.
import type { LinearModel, Matrix } from './logistic-regression';
import { REAL, RESIZE_MODES, type ResizeMode } from '../types';
import type { KnnReference } from './knn';
import { OPEN_SET_METHODS, type OpenSetMethod } from './open-set';

export const HEAD_FORMAT = 'originlens-head';
/** Version 2 added detectors, layer stacks, unnormalised features and declared preprocessing; 1 still loads. */
export const HEAD_VERSION = 2;

export const HEAD_ACTIVATIONS = ['none', 'relu', 'gelu'] as const;
export type HeadActivation = (typeof HEAD_ACTIVATIONS)[number];

/** One dense layer: out × in weights, then the activation (none after the last). */
export interface DenseLayerJson {
  weights: number[][];
  bias: number[];
  activation?: HeadActivation;
}

/** Where a published head's bytes come from, pinned. */
export interface PublishedSource {
  url: string;
  commit?: string;
  path?: string;
  bytes: number;
  sha256: string;
  licence: string;
  paper: string;
}

/** A figure someone published about a head, with where it was published. */
export interface PublishedFigure {
  text: string;
  source: string;
}

interface PackCommon {
  format: typeof HEAD_FORMAT;
  version: typeof HEAD_VERSION;
  /** Changes whenever the weights do: verdicts are cached under it. */
  id: string;
  name: string;
  /**
   * The encoder the head reads. Heads trained here bind to the exact weights (SHA-256); a published
   * detector binds to a registry encoder by id, since its weights are the registry's pin.
   */
  encoder: { id: string; sha256?: string };
  /** Which feature of the encoder, and whether it is L2-normalised before the first layer. */
  feature: { name: string; normalize: 'l2' | 'none' };
  /** How the image becomes pixels, where the head was trained otherwise than its encoder's default. */
  preprocess?: { mode: ResizeMode; size: number };
  layers: DenseLayerJson[];
  /** Above this LLR an image counts as synthetic. */
  thresholds: { llr: number };
}

/** Who made a head and on what; published heads add their source and the figures published about them. */
export interface HeadProvenance {
  trainedOn: string;
  createdAt: string;
  software: string;
  examples?: Record<string, number>;
  c?: number;
  validation?: Record<string, number>;
  source?: PublishedSource;
  figures?: PublishedFigure[];
}

/** An attribution head: one linear layer over `real` and the generators, with an open-set score. */
export interface HeadPack extends PackCommon {
  kind: 'attribution';
  classes: string[];
  openSet: { method: OpenSetMethod; threshold: number; acceptRate: number; k?: number };
  /**
   * For the knn score: the training features (base64 of little-endian float32, rows × dim), their class
   * indices, and each class's leave-one-out similarity statistics.
   */
  knn?: { rows: number; features: string; labels: number[]; stats: { mean: number; std: number }[] };
  provenance: HeadProvenance & { examples: Record<string, number>; c: number };
}

/** A detector: one logit, its LLR (synthetic against real), from one or a few dense layers. */
export interface DetectorPack extends PackCommon {
  kind: 'detector';
  provenance: HeadProvenance;
}

export type AnyHeadPack = HeadPack | DetectorPack;

/** A dense layer ready to run. */
export interface DenseLayer {
  model: LinearModel;
  activation: HeadActivation;
}

/** An attribution head ready to use: typed arrays instead of JSON numbers. */
export interface Head {
  pack: HeadPack;
  model: LinearModel;
  knn?: KnnReference;
}

export interface DetectorHead {
  pack: DetectorPack;
  layers: DenseLayer[];
}

export type AnyHead = Head | DetectorHead;

export const isDetector = (head: AnyHead): head is DetectorHead => head.pack.kind === 'detector';

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

/** A version 1 pack (attribution only, one linear layer stored as `weights` and `bias`) as version 2. */
export function migrateHeadPack(json: Json): Json {
  if (json.version !== 1) return json;
  const { weights, bias, ...rest } = json;
  return { ...rest, version: HEAD_VERSION, kind: 'attribution', layers: [{ weights, bias }] };
}

const isMatrix = (v: unknown): v is number[][] => Array.isArray(v) && v.length > 0 && v.every(isNumberArray);

function parseLayers(json: Json, at: string): DenseLayer[] {
  const layers = field(json, 'layers', at, (v): v is unknown[] => Array.isArray(v) && v.length >= 1 && v.length <= 8, 'an array of 1 to 8 layers');
  let inputs: number | undefined;
  return layers.map((layer, i) => {
    const path = `${at}layers[${i}].`;
    if (!isObject(layer)) throw new HeadPackError(`${path.slice(0, -1)}: expected an object`);
    const weights = field(layer, 'weights', path, isMatrix, 'a matrix of finite numbers');
    const bias = field(layer, 'bias', path, isNumberArray, 'an array of finite numbers');
    const dim = weights[0]!.length;
    if (dim === 0 || weights.some((r) => r.length !== dim) || bias.length !== weights.length) {
      throw new HeadPackError(`${path}weights and bias: expected rows of one length and one bias per row`);
    }
    if (inputs !== undefined && dim !== inputs) throw new HeadPackError(`${path}weights: expected ${inputs} columns, the outputs of layer ${i - 1}`);
    inputs = weights.length;
    const activation = layer.activation ?? 'none';
    if (!HEAD_ACTIVATIONS.includes(activation as HeadActivation)) throw new HeadPackError(`${path}activation: expected one of ${HEAD_ACTIVATIONS.join(', ')}`);
    if (i === layers.length - 1 && activation !== 'none') throw new HeadPackError(`${path}activation: the last layer gives logits, so it has none`);
    const model: LinearModel = { classes: weights.length, dim, weights: Float32Array.from(weights.flat()), bias: Float32Array.from(bias) };
    return { model, activation: activation as HeadActivation };
  });
}

function checkCommon(json: Json, at: string): void {
  field(json, 'id', at, isString, 'a non-empty string');
  field(json, 'name', at, isString, 'a non-empty string');
  const encoder = field(json, 'encoder', at, isObject, 'an object');
  field(encoder, 'id', `${at}encoder.`, isString, 'a non-empty string');
  if (encoder.sha256 !== undefined || json.kind === 'attribution') field(encoder, 'sha256', `${at}encoder.`, isSha256, '64 lower-case hex digits');
  const feature = field(json, 'feature', at, isObject, 'an object');
  field(feature, 'name', `${at}feature.`, isString, 'a non-empty string');
  if (feature.normalize !== 'l2' && feature.normalize !== 'none') throw new HeadPackError(`${at}feature.normalize: expected "l2" or "none"`);
  if (json.preprocess !== undefined) {
    const preprocess = field(json, 'preprocess', at, isObject, 'an object');
    field(preprocess, 'mode', `${at}preprocess.`, (v): v is ResizeMode => RESIZE_MODES.includes(v as ResizeMode), `one of ${RESIZE_MODES.join(', ')}`);
    field(preprocess, 'size', `${at}preprocess.`, (v): v is number => Number.isInteger(v) && (v as number) >= 16 && (v as number) <= 1024, 'a whole number of pixels');
  }
  const thresholds = field(json, 'thresholds', at, isObject, 'an object');
  field(thresholds, 'llr', `${at}thresholds.`, isFiniteNumber, 'a finite number');
  const provenance = field(json, 'provenance', at, isObject, 'an object');
  field(provenance, 'trainedOn', `${at}provenance.`, isString, 'a non-empty string');
}

function parseAttribution(json: Json, at: string, layers: DenseLayer[]): Head {
  if (layers.length !== 1) throw new HeadPackError(`${at}layers: an attribution head has one linear layer`);
  const model = layers[0]!.model;
  const classes = field(json, 'classes', at, isStringArray, 'an array of class names');
  if (new Set(classes).size !== classes.length) throw new HeadPackError(`${at}classes: names must be unique`);
  if (!classes.includes(REAL) || classes.length < 2) {
    throw new HeadPackError(`${at}classes: expected "${REAL}" and at least one generator`);
  }
  if (model.classes !== classes.length) throw new HeadPackError(`${at}layers[0]: expected ${classes.length} rows, one per class`);
  const dim = model.dim;
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
  const pack = json as unknown as HeadPack;
  return knn ? { pack, model, knn } : { pack, model };
}

/**
 * Checks a parsed JSON document and returns the head it describes, an attribution head or a detector;
 * version 1 packs are read as version 2. `source` names the document in errors.
 */
export function parseAnyHeadPack(json: unknown, source = 'head pack'): AnyHead {
  const at = `${source}: `;
  if (!isObject(json)) throw new HeadPackError(`${at}not a JSON object`);
  if (json.format !== HEAD_FORMAT) throw new HeadPackError(`${at}not an OriginLens head pack (format is not "${HEAD_FORMAT}")`);
  if (json.version !== 1 && json.version !== HEAD_VERSION) {
    throw new HeadPackError(`${at}head pack version ${String(json.version)} is not supported (this version reads 1 and ${HEAD_VERSION}); update OriginLens`);
  }
  const doc = migrateHeadPack(json);
  if (doc.kind !== 'attribution' && doc.kind !== 'detector') throw new HeadPackError(`${at}kind: expected "attribution" or "detector"`);
  checkCommon(doc, at);
  const layers = parseLayers(doc, at);
  if (doc.kind === 'attribution') return parseAttribution(doc, at, layers);
  if (layers.at(-1)!.model.classes !== 1) throw new HeadPackError(`${at}layers: a detector's last layer gives one logit`);
  return { pack: doc as unknown as DetectorPack, layers };
}

/** An attribution head (training, reference sets and retraining work only with those). */
export function parseHeadPack(json: unknown, source = 'head pack'): Head {
  const head = parseAnyHeadPack(json, source);
  if (isDetector(head)) throw new HeadPackError(`${source}: "${head.pack.name}" is a detector, not an attribution head with generators`);
  return head;
}

/** The JSON of one linear model as a pack's layer. */
export function layerJson(model: LinearModel, activation: HeadActivation = 'none'): DenseLayerJson {
  const weights = Array.from({ length: model.classes }, (_, k) => Array.from(model.weights.subarray(k * model.dim, (k + 1) * model.dim)));
  return { weights, bias: Array.from(model.bias), ...(activation !== 'none' ? { activation } : {}) };
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
