// The time per image of an encoder before it is downloaded, estimated on this machine: a slice of it (its
// patch convolution and one block, at its full width and image size, with seeded random weights made here
// in memory) is timed on the backend the settings would use, and the time scaled by the whole encoder's
// compute over the slice's (engine/onnx/clip-vision-cost.ts). Float32, as the encoders the welcome page
// installs are. The slice gives no verdict and is released at once.
import { buildClipVision, clipFeatures } from '../../engine/onnx/clip-vision-graph';
import { clipArchitectureOf, clipVisionFlops } from '../../engine/onnx/clip-vision-cost';
import { writeToBytes } from '../../engine/onnx/graph';
import { randomClipWeights } from '../../engine/onnx/random-clip-weights';
import { CLIP_MEAN, CLIP_STD } from '../../engine/convert/converted-entry';
import { float32Weights } from '../../engine/onnx/weight-formats';
import type { ModelEntry } from '../../engine/types';
import type { BackendChoice, TimeEstimate } from '../shared/protocol';
import { pickBackend } from './backend';
import { EngineFault, openEncoder, webgpuProbe } from './engine';
import { timeEncoder } from './measure';

// onnxruntime-web refuses to create or run a session while another call into its WebAssembly is in flight
// ("Session already started"), and two welcome pages (or one reloaded) each ask: one estimate at a time.
let previous: Promise<unknown> = Promise.resolve();

export function estimate(encoderId: string, choice: BackendChoice): Promise<TimeEstimate> {
  const mine = previous.then(() => estimateNow(encoderId, choice));
  previous = mine.catch(() => undefined);
  return mine;
}

async function estimateNow(encoderId: string, choice: BackendChoice): Promise<TimeEstimate> {
  const whole = clipArchitectureOf(encoderId);
  if (!whole) throw new EngineFault(`OriginLens does not know the shape of encoder ${encoderId}, so it cannot estimate its time`);
  const slice = { ...whole, layers: 1 };
  const graph = buildClipVision(slice, randomClipWeights(slice, 1), float32Weights);
  const bytes = await writeToBytes(graph, 'clip_vit_slice', { irVersion: 8, opset: 17, producerName: 'originlens-estimate', producerVersion: '1', docString: 'A one-block slice of a CLIP vision transformer, random weights, for timing only.', metadata: {} });
  const entry: ModelEntry = {
    id: `${encoderId}-slice`,
    name: `one block of ${encoderId} (random weights, for timing only)`,
    file: '',
    bytes: bytes.byteLength,
    sha256: '',
    input: { name: 'pixel_values', size: slice.imageSize, mean: CLIP_MEAN, std: CLIP_STD },
    features: clipFeatures(slice),
    licence: 'Apache-2.0',
    test: true,
  };
  const backend = pickBackend(choice, await webgpuProbe());
  const encoder = await openEncoder(bytes, entry, backend);
  try {
    // The engine host's first session runs slowly for a while (its threads and compiled code warm up: the
    // first estimate of a fresh browser came out 2.5 times the next ones with one warm-up run), and a
    // slice is short, so it is warmed up longer and timed more often than an installed encoder.
    const sliceMs = await timeEncoder(encoder, 5, 3);
    const ratio = clipVisionFlops(whole) / clipVisionFlops(slice);
    return { ms: sliceMs * ratio, sliceMs, ratio, layers: whole.layers, backend };
  } finally {
    await encoder.release();
  }
}
