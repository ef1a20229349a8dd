// A slice of an encoder to time on this machine before the encoder is downloaded: its patch convolution
// and one block, at the encoder's full width and image size, float32, with seeded random weights made in
// memory (about 57 MB for ViT-L/14). Its time scaled by the compute ratio is the welcome page's estimate;
// `build/bench/estimate-section.ts` compares that with the whole encoder's time.
import { CLIP_MEAN, CLIP_STD } from '../convert/converted-entry';
import type { ModelEntry } from '../types';
import { clipVisionFlops } from './clip-vision-cost';
import { buildClipVision, clipFeatures, type ClipVisionArchitecture } from './clip-vision-graph';
import { writeToBytes } from './graph';
import { randomClipWeights } from './random-clip-weights';
import { float32Weights } from './weight-formats';

export interface TimingSlice {
  /** The slice as an ONNX model, and an entry to open it with: a test model, never for verdicts. */
  bytes: Uint8Array;
  entry: ModelEntry;
  /** The whole encoder's floating-point operations over the slice's: its time per image is the slice's times this. */
  ratio: number;
}

export async function makeTimingSlice(name: string, whole: ClipVisionArchitecture): Promise<TimingSlice> {
  const slice = { ...whole, layers: 1 };
  const info = { irVersion: 8, opset: 17, producerName: 'originlens-timing-slice', producerVersion: '1', docString: 'One block of a CLIP vision transformer, random weights: for timing only.', metadata: {} };
  const bytes = await writeToBytes(buildClipVision(slice, randomClipWeights(slice, 1), float32Weights), 'clip_vit_slice', info);
  const entry: ModelEntry = {
    id: `${name}-slice`,
    name: `one block of ${name} (random weights, for timing only)`,
    file: '',
    bytes: bytes.byteLength,
    sha256: '',
    input: { name: 'pixel_values', size: slice.imageSize, mean: CLIP_MEAN, std: CLIP_STD },
    features: clipFeatures(slice),
    licence: 'Apache-2.0',
    test: true,
  };
  return { bytes, entry, ratio: clipVisionFlops(whole) / clipVisionFlops(slice) };
}
