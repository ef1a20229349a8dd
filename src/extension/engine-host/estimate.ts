// The time per image of an encoder before it is downloaded, estimated on this machine: a slice of it (its
// patch convolution and one block, at its full width and image size, with seeded random weights made here
// in memory) is timed on the backend the settings would use, and the time scaled by the whole encoder's
// compute over the slice's (engine/onnx/clip-vision-cost.ts). Float32, as the encoders the welcome page
// installs are. The slice gives no verdict and is released at once.
import { clipArchitectureOf } from '../../engine/onnx/clip-vision-cost';
import { makeTimingSlice } from '../../engine/onnx/timing-slice';
import type { BackendChoice, TimeEstimate } from '../shared/protocol';
import { pickBackend } from './backend';
import { EngineFault, openEncoder, webgpuProbe } from './engine';
import { timeEncoder } from './measure';
import { oneAtATime } from './one-at-a-time';

export function estimate(encoderId: string, choice: BackendChoice): Promise<TimeEstimate> {
  return oneAtATime(() => estimateNow(encoderId, choice));
}

async function estimateNow(encoderId: string, choice: BackendChoice): Promise<TimeEstimate> {
  const whole = clipArchitectureOf(encoderId);
  if (!whole) throw new EngineFault(`OriginLens does not know the shape of encoder ${encoderId}, so it cannot estimate its time`);
  const { bytes, entry, ratio } = await makeTimingSlice(encoderId, whole);
  const backend = pickBackend(choice, await webgpuProbe());
  const encoder = await openEncoder(bytes, entry, backend);
  try {
    // The engine host's first session runs slowly for a while (its threads and compiled code warm up: the
    // first estimate of a fresh browser came out 2.5 times the next ones with one warm-up run), and a
    // slice is short, so it is warmed up longer and timed more often than an installed encoder.
    const sliceMs = await timeEncoder(encoder, 5, 3);
    return { ms: sliceMs * ratio, sliceMs, ratio, layers: whole.layers, backend };
  } finally {
    await encoder.release();
  }
}
