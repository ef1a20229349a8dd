// Detector heads their authors publish (models/heads.json pins them), turned into head packs. The files
// are PyTorch checkpoints read by the engine's strict reader (engine/checkpoint: no code runs); the layers
// are found by the names the authors' own modules give them, and kept as the authors built them.
import { bytesSource, openCheckpoint, type Checkpoint } from '../checkpoint';
import { sha256Hex } from '../hash';
import { RESIZE_MODES, type ResizeMode } from '../types';
import { HEAD_FORMAT, HEAD_VERSION, type DenseLayerJson, type DetectorPack, type PublishedFigure, type PublishedSource } from './head-pack';

/** A pinned published head: where its bytes are (`PublishedSource`), and what it reads and is worth. */
export interface PublishedHead extends PublishedSource {
  id: string;
  name: string;
  kind: 'detector';
  /** The registry encoder it reads. */
  encoder: string;
  feature: { name: string; normalize: 'none' | 'l2' };
  preprocess?: { mode: ResizeMode; size: number };
  trainedOn: string;
  figures: PublishedFigure[];
  /** The one the welcome page offers first. */
  recommended: boolean;
  /** What must be done by hand before it can be used (an encoder no registry pins). */
  needs?: string;
}

export class PublishedHeadError extends Error {
  override name = 'PublishedHeadError';
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** models/heads.json, checked; `source` names it in errors. */
export function parsePublishedHeads(json: unknown, source = 'heads.json'): PublishedHead[] {
  if (!isObject(json) || json.version !== 1 || !Array.isArray(json.heads)) throw new PublishedHeadError(`${source}: expected {"version": 1, "heads": [...]}`);
  return json.heads.map((h: unknown, i) => {
    const at = `${source}: heads[${i}]`;
    if (!isObject(h)) throw new PublishedHeadError(`${at}: expected an object`);
    for (const key of ['id', 'name', 'encoder', 'url', 'licence', 'paper', 'trainedOn'] as const) if (!text(h[key])) throw new PublishedHeadError(`${at}.${key}: expected text`);
    if (h.kind !== 'detector') throw new PublishedHeadError(`${at}.kind: expected "detector"`);
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(h.id as string)) throw new PublishedHeadError(`${at}.id: letters, digits, dots, dashes`);
    if (!Number.isSafeInteger(h.bytes) || (h.bytes as number) <= 0) throw new PublishedHeadError(`${at}.bytes: expected a byte count`);
    if (typeof h.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(h.sha256)) throw new PublishedHeadError(`${at}.sha256: expected 64 hex digits`);
    const feature = h.feature;
    if (!isObject(feature) || !text(feature.name) || (feature.normalize !== 'none' && feature.normalize !== 'l2')) throw new PublishedHeadError(`${at}.feature: expected {name, normalize}`);
    const preprocess = h.preprocess;
    if (preprocess !== undefined && (!isObject(preprocess) || !RESIZE_MODES.includes(preprocess.mode as ResizeMode) || !Number.isInteger(preprocess.size))) {
      throw new PublishedHeadError(`${at}.preprocess: expected {mode, size}`);
    }
    if (!Array.isArray(h.figures) || !h.figures.every((f) => isObject(f) && text(f.text) && text(f.source))) throw new PublishedHeadError(`${at}.figures: expected [{text, source}]`);
    if (typeof h.recommended !== 'boolean') throw new PublishedHeadError(`${at}.recommended: expected true or false`);
    return h as unknown as PublishedHead;
  });
}

/** The layer names each published family uses, first layer first. */
const FAMILIES: { what: string; layers: string[] }[] = [
  // UnivFD: the state dict of its nn.Linear(768, 1).
  { what: 'UnivFD linear layer', layers: [''] },
  // clip-cues: a Lightning checkpoint; the linear probe, or the "orthogonal" head's projection and its logit.
  { what: 'clip-cues linear probe', layers: ['state_dict.model.classification_head.fc.'] },
  { what: 'clip-cues orthogonal head', layers: ['state_dict.model.classification_head.layers.0.', 'state_dict.model.classification_head.to_logits.'] },
  // The CLIP-based detection paper: `model` holds `fc` (with `module.` where it was saved from DataParallel).
  { what: 'CLIP-based detector', layers: ['model.fc.'] },
  { what: 'CLIP-based detector', layers: ['model.module.fc.'] },
];

async function matrix(checkpoint: Checkpoint, name: string): Promise<{ values: Float32Array; shape: readonly number[] } | undefined> {
  const tensor = checkpoint.tensors.get(name);
  return tensor && { values: await tensor.readFloat32(), shape: tensor.shape };
}

/**
 * A detector's dense layers from a checkpoint, whichever published family it is; refused, with the tensors
 * it holds, when it is none of them. The authors' heads have no activation between layers.
 */
export async function readDetectorLayers(checkpoint: Checkpoint, what: string): Promise<{ family: string; layers: DenseLayerJson[] }> {
  for (const family of FAMILIES) {
    if (!family.layers.every((p) => checkpoint.tensors.has(`${p}weight`) && checkpoint.tensors.has(`${p}bias`))) continue;
    const layers: DenseLayerJson[] = [];
    for (const prefix of family.layers) {
      const w = (await matrix(checkpoint, `${prefix}weight`))!;
      const b = (await matrix(checkpoint, `${prefix}bias`))!;
      const [rows, cols] = w.shape;
      if (w.shape.length !== 2 || rows === undefined || cols === undefined || b.shape.length !== 1 || b.shape[0] !== rows) {
        throw new PublishedHeadError(`${what}: ${prefix}weight is ${w.shape.join(' × ')} and ${prefix}bias ${b.shape.join(' × ')}; expected out × in and out`);
      }
      if (layers.length > 0 && cols !== layers.at(-1)!.weights.length) throw new PublishedHeadError(`${what}: ${prefix}weight takes ${cols} inputs, the layer before gives ${layers.at(-1)!.weights.length}`);
      layers.push({ weights: Array.from({ length: rows }, (_, r) => Array.from(w.values.subarray(r * cols, (r + 1) * cols))), bias: Array.from(b.values) });
    }
    if (layers.at(-1)!.weights.length !== 1) throw new PublishedHeadError(`${what}: the last layer gives ${layers.at(-1)!.weights.length} outputs; a detector gives one logit`);
    if (!layers.flatMap((l) => [...l.weights.flat(), ...l.bias]).every(Number.isFinite)) throw new PublishedHeadError(`${what}: the weights hold values that are not finite numbers`);
    return { family: family.what, layers };
  }
  const held = [...checkpoint.tensors.keys()].slice(0, 8).join(', ');
  throw new PublishedHeadError(`${what} is not a detector head OriginLens knows (UnivFD, clip-cues, the CLIP-based detector); it holds ${held || 'no tensors'}`);
}

export interface HeadDescription {
  id: string;
  name: string;
  encoder: string;
  feature: { name: string; normalize: 'none' | 'l2' };
  preprocess?: { mode: ResizeMode; size: number };
  trainedOn: string;
  source?: DetectorPack['provenance']['source'];
  figures?: PublishedFigure[];
}

/** A detector pack from a checkpoint's bytes and what is known of it; its id is bound to the bytes' hash. */
export async function convertDetector(bytes: Uint8Array, about: HeadDescription, software: string, what = about.name): Promise<DetectorPack> {
  const sha256 = await sha256Hex(bytes);
  const { layers } = await readDetectorLayers(await openCheckpoint(bytesSource(bytes), what), what);
  return {
    format: HEAD_FORMAT,
    version: HEAD_VERSION,
    kind: 'detector',
    id: `${about.id}@${sha256.slice(0, 16)}`,
    name: about.name,
    encoder: { id: about.encoder },
    feature: about.feature,
    ...(about.preprocess ? { preprocess: about.preprocess } : {}),
    layers,
    thresholds: { llr: 0 },
    provenance: {
      trainedOn: about.trainedOn,
      // The file's own: the same file gives the same pack.
      createdAt: 'as published',
      software,
      ...(about.source ? { source: about.source } : {}),
      ...(about.figures ? { figures: about.figures } : {}),
    },
  };
}

/** A pinned head's pack, after checking that the bytes are the pinned ones. */
export async function convertPublishedHead(bytes: Uint8Array, head: PublishedHead, software: string): Promise<DetectorPack> {
  const sha256 = await sha256Hex(bytes);
  if (bytes.byteLength !== head.bytes || sha256 !== head.sha256) {
    throw new PublishedHeadError(`${head.id}: the file is ${bytes.byteLength} bytes with SHA-256 ${sha256.slice(0, 12)}…, not the pinned ${head.bytes} bytes with ${head.sha256.slice(0, 12)}…`);
  }
  const source = { url: head.url, ...(head.commit ? { commit: head.commit } : {}), ...(head.path ? { path: head.path } : {}), bytes: head.bytes, sha256, licence: head.licence, paper: head.paper };
  return convertDetector(bytes, { ...head, source }, software, head.id);
}
