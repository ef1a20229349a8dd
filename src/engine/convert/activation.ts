import { CheckpointError } from '../checkpoint';
import type { ClipVisionArchitecture } from '../onnx/clip-vision-graph';

/**
 * Which activation a CLIP checkpoint was trained with. No tensor says it, and the wrong one still runs,
 * giving features that are quietly wrong: so it comes from the person (--activation), from what the file
 * is (OpenAI's archives), from a table of known files by SHA-256, or from transformers' config.json; and
 * otherwise the conversion stops and asks.
 */
export type Activation = ClipVisionArchitecture['activation'];

export interface ActivationChoice {
  activation: Activation;
  reason: string;
}

/** Checkpoints known by their SHA-256 (OpenAI's, from the URLs in openai/CLIP's clip/clip.py). */
export const KNOWN_CHECKPOINTS: Record<string, { name: string; activation: Activation }> = {
  '40d365715913c9da98579312b702a82c18be219cc2a73407c4526f58eba950af': { name: "OpenAI's ViT-B/32", activation: 'quickgelu' },
  '5806e77cd80f8b59890b7e101eabd078d9fb84e6937f9e85e4ecb61988df416f': { name: "OpenAI's ViT-B/16", activation: 'quickgelu' },
  b8cca3fd41ae0c99ba7e8951adf17d267cdb84cd88be6f7c2e0eca1737a03836: { name: "OpenAI's ViT-L/14", activation: 'quickgelu' },
  '3035c92b350959924f9f00213499208652fc7ea050643e8b385c2dac08641f02': { name: "OpenAI's ViT-L/14@336px", activation: 'quickgelu' },
};

export interface ActivationHints {
  flag?: Activation;
  sha256?: string;
  format: 'pytorch' | 'torchscript' | 'safetensors';
  /** transformers' config.json beside the weights, parsed. */
  config?: unknown;
}

export function chooseActivation(h: ActivationHints): ActivationChoice {
  if (h.flag) return { activation: h.flag, reason: `${h.flag}, as --activation says` };
  const known = h.sha256 ? KNOWN_CHECKPOINTS[h.sha256] : undefined;
  if (known) return { activation: known.activation, reason: `${known.activation}: the file is ${known.name} (known by its SHA-256)` };
  if (h.format === 'torchscript') return { activation: 'quickgelu', reason: "quickgelu: a TorchScript archive, the format of OpenAI's own CLIP checkpoints, which all use QuickGELU" };
  const act = (h.config as { vision_config?: { hidden_act?: unknown } } | undefined)?.vision_config?.hidden_act;
  if (act === 'quick_gelu') return { activation: 'quickgelu', reason: 'quickgelu: config.json says hidden_act "quick_gelu"' };
  if (act === 'gelu') return { activation: 'gelu', reason: 'gelu: config.json says hidden_act "gelu"' };
  if (act !== undefined) throw new CheckpointError(`config.json says hidden_act "${String(act)}", which this converter does not build (quick_gelu or gelu)`);
  throw new CheckpointError(
    'nothing in the file says which activation its model was trained with, and a wrong one gives wrong features without any error: ' +
      "pass --activation quickgelu (OpenAI's weights, OpenCLIP models named -quickgelu) or --activation gelu (other OpenCLIP models, e.g. LAION's)",
  );
}
