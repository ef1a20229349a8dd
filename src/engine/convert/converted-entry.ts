import type { FeatureSource, ModelEntry } from '../types';
import type { Converted } from './convert-clip';

/** CLIP's normalisation, the same for every OpenAI and OpenCLIP ViT. */
export const CLIP_MEAN: [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/** What a converted encoder's entry records of its source: the file, its SHA-256, and every choice made. */
export type ConvertedEntry = ModelEntry & { source: Record<string, string> };

/**
 * The entry of an encoder made by convertClip: the output's own size and SHA-256 beside the source's, so
 * the command line and the extension describe the same conversion with the same entry.
 */
export function convertedEntry(c: {
  converted: Converted;
  /** The encoder's SHA-256, hashed as it was written. */
  sha256: string;
  source: { file: string; sha256: string };
  weights: string;
  /** The encoder's file name. */
  file: string;
  id?: string;
  name?: string;
  licence?: string;
  test?: boolean;
  /** The registry conversion that pins the source by its SHA-256; absent for a file the person chose. */
  pinnedBy?: string;
}): ConvertedEntry {
  const { converted } = c;
  const a = converted.architecture;
  return {
    id: c.id ?? `converted-${c.source.sha256.slice(0, 12)}-${c.weights}`,
    name: c.name ?? `CLIP ViT (width ${a.width}, ${a.layers} blocks, patch ${a.patch}, ${a.imageSize} px) converted from ${c.source.file}, ${c.weights}`,
    file: c.file,
    bytes: converted.bytes,
    sha256: c.sha256,
    input: { name: 'pixel_values', size: a.imageSize, mean: CLIP_MEAN, std: CLIP_STD },
    features: converted.features,
    licence: c.licence ?? 'that of the source checkpoint',
    test: c.test ?? false,
    source: {
      file: c.source.file,
      sha256: c.source.sha256,
      format: converted.format,
      layout: converted.layout,
      activation: a.activation,
      activationReason: converted.activation.reason,
      heads: converted.headsReason,
      weights: c.weights,
      // Who answers for the weights: the registry's pin, or the person who converted a file no registry pins.
      vouchedFor: c.pinnedBy === undefined ? 'by the person who converted it: no registry pins this checkpoint' : `by OriginLens's registry, which pins its SHA-256 (conversion ${c.pinnedBy})`,
    },
  };
}

/** A pinned export with every block's output added is id `<id>-blocks`. */
export const BLOCKS_SUFFIX = '-blocks';

export type DerivedEntry = ModelEntry & { derivedFrom: { id: string; sha256: string; rewrite: 'add-block-outputs' } };

/**
 * The entry of an export rewritten by addBlockOutputs: the source's, with the new features, the output's
 * own size and SHA-256, and the source's id and SHA-256 it is bound to. Made here, not downloaded: the
 * source's address and revision stay with the source's entry.
 */
export function blocksEntry(source: ModelEntry, made: { layers: number; width: number; bytes: number; sha256: string; file: string }): DerivedEntry {
  const features: Record<string, FeatureSource> = { ...source.features, pooled: { output: 'pooled', dim: made.width } };
  for (let i = 1; i <= made.layers; i++) features[`block${i}`] = { output: 'class_tokens', select: i - 1, dim: made.width };
  const rest: ModelEntry = { ...source };
  delete rest.url;
  delete rest.revision;
  return {
    ...rest,
    id: `${source.id}${BLOCKS_SUFFIX}`,
    name: `${source.name}, with every block's class token`,
    file: made.file,
    bytes: made.bytes,
    sha256: made.sha256,
    features,
    derivedFrom: { id: source.id, sha256: source.sha256, rewrite: 'add-block-outputs' },
  };
}
