// What Stable Diffusion front ends write into their images, read back: the keys each one uses (from the
// tools' own sources and files) and the few settings worth a sentence (the model and the step count).
// Text comes from PNG text chunks (tEXt, zTXt, iTXt) or, for AUTOMATIC1111's JPEG and WebP, EXIF's
// UserComment. A value that is not what the tool writes still counts as that tool's key: the key alone is
// the declaration, the settings are a courtesy.
import type { Evidence } from './types';

type GeneratorEvidence = Extract<Evidence, { source: 'generator' }>;

function json(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

/** AUTOMATIC1111 (and Forge, SD.Next): prompt lines, then "Steps: 30, Sampler: …, Model: name, …". */
export function parseA1111(text: string): { model?: string; steps?: number } | undefined {
  const last = text.split('\n').at(-1) ?? '';
  if (!/(^|, )Steps: \d+/.test(last)) return undefined;
  const field = (name: string) => new RegExp(`(?:^|, )${name}: ("[^"]*"|[^,]*)`).exec(last)?.[1]?.replace(/^"|"$/g, '').trim();
  const model = field('Model');
  const steps = int(field('Steps'));
  return { ...(model ? { model } : {}), ...(steps ? { steps } : {}) };
}

/** ComfyUI's "prompt": the graph by node id; the checkpoint loader names the model, the sampler the steps. */
function parseComfy(prompt: unknown): { model?: string; steps?: number } {
  if (!isObject(prompt)) return {};
  let model: string | undefined;
  let steps: number | undefined;
  for (const node of Object.values(prompt)) {
    if (!isObject(node) || !isObject(node.inputs)) continue;
    model ??= str(node.inputs.ckpt_name) ?? str(node.inputs.unet_name);
    steps ??= int(node.inputs.steps);
  }
  return { ...(model ? { model: model.replace(/\.(safetensors|ckpt|pt|gguf)$/i, '') } : {}), ...(steps ? { steps } : {}) };
}

/** The generator a file's text metadata names, if any. `texts` maps a key to its text (PNG chunks). */
export function generatorFromText(texts: ReadonlyMap<string, string>, userComment?: string): GeneratorEvidence | undefined {
  const parameters = texts.get('parameters');
  if (parameters !== undefined) {
    return { source: 'generator', tool: 'AUTOMATIC1111', ...parseA1111(parameters), keys: ['parameters'] };
  }
  if (texts.has('prompt') || texts.has('workflow')) {
    const keys = ['prompt', 'workflow'].filter((k) => texts.has(k));
    return { source: 'generator', tool: 'ComfyUI', ...parseComfy(json(texts.get('prompt'))), keys };
  }
  const invokeKey = ['invokeai_metadata', 'invokeai_graph', 'sd-metadata', 'Dream'].find((k) => texts.has(k));
  if (invokeKey) {
    const meta = json(texts.get(invokeKey));
    const model = isObject(meta) ? (isObject(meta.model) ? str(meta.model.name) : str(meta.model_weights) ?? str(meta.model)) : undefined;
    const steps = isObject(meta) ? int(meta.steps) : undefined;
    return { source: 'generator', tool: 'InvokeAI', ...(model ? { model } : {}), ...(steps ? { steps } : {}), keys: [invokeKey] };
  }
  if (texts.get('Software')?.trim() === 'NovelAI') {
    const comment = json(texts.get('Comment'));
    const steps = isObject(comment) ? int(comment.steps) : undefined;
    const model = str(texts.get('Source'));
    return { source: 'generator', tool: 'NovelAI', ...(model ? { model } : {}), ...(steps ? { steps } : {}), keys: ['Software', ...['Source', 'Comment'].filter((k) => texts.has(k))] };
  }
  if (userComment !== undefined) {
    const a1111 = parseA1111(userComment);
    if (a1111) return { source: 'generator', tool: 'AUTOMATIC1111', ...a1111, keys: ['EXIF UserComment'] };
  }
  return undefined;
}
