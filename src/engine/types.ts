// The engine's shared shapes. Pure data: no chrome.*, no Node built-ins, so the same code runs in the
// browser's engine host and in Node (command line, tests, benchmarks).

/** An image decoded to 8-bit RGB, row-major, 3 bytes per pixel, already upright (EXIF orientation applied). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * How an image becomes `size` × `size` pixels, as each method was trained:
 * - `resize-crop`: CLIP's transform, the shorter side to `size` with Pillow's antialiased bicubic, then a
 *   centre crop (the default);
 * - `crop`: a centre crop with no resize, padded with black where the image is smaller (UnivFD's test
 *   transform, torchvision's CenterCrop);
 * - `squash`: both sides to `size` with the same bicubic filter, ignoring the aspect ratio (the open-set
 *   paper's released code resizes this way).
 */
export const RESIZE_MODES = ['resize-crop', 'crop', 'squash'] as const;
export type ResizeMode = (typeof RESIZE_MODES)[number];

/** How an encoder wants its pixels: the resize mode at `size`, then normalised with `mean` and `std`. */
export interface InputSpec {
  /** Name of the ONNX input, [N, 3, size, size] float32. */
  name: string;
  size: number;
  mean: [number, number, number];
  std: [number, number, number];
  /** Absent means `resize-crop`. */
  resize?: ResizeMode;
}

/**
 * Where a named feature comes from in the encoder's outputs. An output is [N, D] (`select` absent) or
 * [N, T, D], in which case `select` picks row T of axis 1: the class token (0) of `last_hidden_state`, or
 * block i of a stacked per-block class-token output.
 */
export interface FeatureSource {
  output: string;
  select?: number;
  dim: number;
}

/** An encoder as the registry pins it. `file` is relative to the JSON file that lists the entry. */
export interface ModelEntry {
  id: string;
  name: string;
  file: string;
  /** Absent for models made by the project (test encoders) or imported by the person. */
  url?: string;
  revision?: string;
  bytes: number;
  sha256: string;
  input: InputSpec;
  /** Feature name (`embedding`, `block1` … `blockN`) to where it comes from. */
  features: Record<string, FeatureSource>;
  licence: string;
  /** Random weights, made by the project: never used for a verdict a person sees. */
  test: boolean;
}

/** The features of one image: feature name to vector, as `ModelEntry.features` names them. */
export type FeatureSet = Record<string, Float32Array>;

/** The class of real photos, in every head, label file and metric; every other class is a generator. */
export const REAL = 'real';

/**
 * real: no head says synthetic (and any attribution head places it among its classes); synthetic: the
 * detectors say generated and no attribution head names a generator; generator: generated, by the one an
 * attribution head names; unknown-generator: generated, by no generator the attribution head knows;
 * unplaced: not called synthetic, but the attribution head cannot place it among the classes it knows.
 */
export type VerdictKind = 'real' | 'synthetic' | 'generator' | 'unknown-generator' | 'unplaced' | 'error';

export interface Verdict {
  kind: VerdictKind;
  /** The generator's name for `generator`; absent otherwise. */
  generator?: string;
  /** Probability of each class of the attribution head, `real` included. Empty for errors and detectors alone. */
  probabilities: Record<string, number>;
  /**
   * log P(synthetic) - log P(real), the heads' margins over their thresholds fused into one: > 0 means
   * synthetic. NaN for errors.
   */
  llr: number;
  /** The attribution head's open-set score (higher means more like a known class). NaN for errors and detectors alone. */
  openSetScore: number;
  /** What each head said, as scores: the verdict is decided from these (engine/verdict/decide.ts). */
  evidence?: Evidence[];
  /** A reason a person can read, for errors. */
  reason?: string;
  encoder: string;
  head: string;
  /** Wall time from bytes to verdict, in milliseconds. */
  ms: number;
}

/** What one head said about an image, as scores (engine/verdict/evidence.ts makes it, decide.ts decides from it). */
export interface Evidence {
  /** The head's pack id and name. */
  head: string;
  name: string;
  kind: 'detector' | 'attribution';
  /** log P(synthetic) − log P(real) as the head computes it: a detector's logit, an attribution head's LLR. */
  llr: number;
  /** The head's own thresholds, which the person's replace where they set one. */
  defaults: { llr: number; openSet?: number };
  /** The thresholds the verdict holding this evidence was decided with: what each surface words it by. */
  applied?: { llr: number; openSet?: number };
  /** Attribution heads: each class's probability, and the open-set score (higher: more like a known class). */
  probabilities?: Record<string, number>;
  openSetScore?: number;
}

/** An error a person can read: what went wrong with this image, and nothing about our internals. */
export class ImageError extends Error {
  override name = 'ImageError';
}
