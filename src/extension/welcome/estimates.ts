// The time per image a detector's card gives before install: estimated on this machine by the engine host
// (engine-host/estimate.ts: a timed one-block slice of the encoder, scaled by compute), with what this
// project measured beside it where it has. After install the welcome page measures the encoder itself.
import type { Backend, TimeEstimate } from '../shared/protocol';

export type EstimateState =
  | { at: 'pending' }
  | { at: 'done'; value: TimeEstimate }
  /** The encoder is installed already: timed itself. */
  | { at: 'measured'; ms: number; backend: Backend }
  | { at: 'failed'; why: string };

// README, "ViT-L/14 shapes": `npm run bench -- --only encoder-large`, onnxruntime-web on WASM, one image
// at a time, on a 2-core machine.
const MEASURED_SECONDS: Record<string, number> = {
  'clip-vit-l14': 5.94,
  'clip-vit-l14-336-openai-float32': 27.5,
  'clip-vit-l14-336-openai-int8': 12.5,
};

export const backendName = (b: Backend): string => (b === 'webgpu' ? 'WebGPU' : 'WASM');

export const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 1000 ? 2 : ms < 10_000 ? 1 : 0);

/** A sentence on how long one image should take with `encoder`, saying how it was estimated. */
export function estimateSentence(encoder: string, state: EstimateState | undefined): string {
  const known = MEASURED_SECONDS[encoder];
  const elsewhere = known === undefined ? '' : `This project measured ${seconds(known * 1000)} s on a 2-core machine without a GPU.`;
  if (state === undefined || state.at === 'pending') return 'Estimating the time per image on this machine…';
  if (state.at === 'measured') return `Measured on this machine: ${seconds(state.ms)} s per image (${backendName(state.backend)}).`;
  if (state.at === 'failed') return `The time per image could not be estimated here (${state.why}). ${elsewhere}`.trim();
  const e = state.value;
  return (
    `About ${seconds(e.ms)} s per image on this machine. Estimated: one of its ${e.layers} blocks, with its patch convolution, ` +
    `took ${Math.round(e.sliceMs)} ms here (${backendName(e.backend)}), and the whole encoder computes ${e.ratio.toFixed(1)} times as much. ` +
    `After install it is measured. ${elsewhere}`
  ).trim();
}
