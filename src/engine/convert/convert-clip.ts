import type { Checkpoint } from '../checkpoint';
import { buildClipVision, clipFeatures, type ClipVisionArchitecture } from '../onnx/clip-vision-graph';
import type { Sink } from '../onnx/graph';
import { WEIGHT_FORMATS, type WeightFormatName } from '../onnx/weight-formats';
import type { FeatureSource } from '../types';
import { chooseActivation, type Activation, type ActivationChoice } from './activation';
import { findClipTensors, type Layout } from './clip-layouts';

/**
 * A CLIP vision tower from a checkpoint to an ONNX encoder with every output the methods read, streamed
 * to `sink` one weight at a time. The same checkpoint and options give the same bytes.
 */
export interface ConvertOptions {
  weights: WeightFormatName;
  activation?: Activation;
  heads?: number;
  /** The source's SHA-256: recorded, and looked up among known checkpoints. */
  sha256?: string;
  /** transformers' config.json, where one came with the weights. */
  config?: unknown;
  what: string;
}

export interface Converted {
  architecture: ClipVisionArchitecture;
  layout: Layout;
  format: Checkpoint['format'];
  activation: ActivationChoice;
  headsReason: string;
  bytes: number;
  parameters: number;
  features: Record<string, FeatureSource>;
}

export const CONVERTER_VERSION = '1';

/** Reads the architecture and activation without writing anything: for messages before a long conversion. */
export function planConversion(checkpoint: Checkpoint, options: ConvertOptions): Omit<Converted, 'bytes' | 'parameters'> & { read: (n: string) => Promise<Float32Array> } {
  const clip = findClipTensors(checkpoint.tensors, options.what, options.heads);
  // config.json speaks for transformers' weights only: an OpenCLIP file in the same folder is not its model.
  const config = clip.layout === 'transformers' ? options.config : undefined;
  const activation = chooseActivation({ flag: options.activation, sha256: options.sha256, format: checkpoint.format, config });
  const architecture: ClipVisionArchitecture = { ...clip.architecture, activation: activation.activation };
  return { architecture, layout: clip.layout, format: checkpoint.format, activation, headsReason: clip.headsReason, features: clipFeatures(architecture), read: clip.read };
}

/** `onSize`: the output's size, told before its first byte (graph.ts). */
export async function convertClip(checkpoint: Checkpoint, options: ConvertOptions, sink: Sink, onSize?: (bytes: number) => void): Promise<Converted> {
  const plan = planConversion(checkpoint, options);
  const graph = buildClipVision(plan.architecture, plan.read, WEIGHT_FORMATS[options.weights]);
  const a = plan.architecture;
  const bytes = await graph.write('clip_vision', {
    irVersion: 8,
    opset: 17,
    producerName: 'originlens-convert',
    producerVersion: CONVERTER_VERSION,
    docString: `CLIP vision tower converted from ${plan.layout === 'openai' ? 'an OpenAI/OpenCLIP' : 'a transformers'} checkpoint`,
    metadata: {
      source_sha256: options.sha256 ?? 'unknown',
      layout: plan.layout,
      activation: a.activation,
      weights: options.weights,
      architecture: `${a.width}x${a.layers} heads ${a.heads} patch ${a.patch} size ${a.imageSize} embed ${a.embedDim}`,
    },
  }, sink, onSize);
  return { architecture: a, layout: plan.layout, format: plan.format, activation: plan.activation, headsReason: plan.headsReason, features: plan.features, bytes, parameters: graph.parameterCount };
}
