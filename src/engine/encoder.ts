// The encoder session: runs a CLIP vision encoder on preprocessed images and reads out the features its
// ModelEntry names. Written against the API that onnxruntime-node and onnxruntime-web share
// (onnxruntime-common), handed in by the caller, so this file runs unchanged in the browser and in Node.
import type { InferenceSession, Tensor } from 'onnxruntime-common';
import type { FeatureSet, FeatureSource, ModelEntry } from './types';

/** The part of an onnxruntime module (node or web) the encoder uses. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: typeof Tensor;
}

export interface EncoderOptions {
  /** Names the runtime in reports and verdicts, e.g. `onnxruntime-node` or `onnxruntime-web/wasm`. */
  runtime: string;
  /** onnxruntime execution providers in order of preference; the runtime's default when absent. */
  executionProviders?: string[];
  /** Further session options (e.g. freeDimensionOverrides), over the defaults below. */
  sessionOptions?: InferenceSession.SessionOptions;
}

export interface Encoder {
  readonly entry: ModelEntry;
  readonly runtime: string;
  /** One FeatureSet per image, in order. Each image is CHW float32, 3 × size × size, already normalised. */
  encode(batch: readonly Float32Array[]): Promise<FeatureSet[]>;
  release(): Promise<void>;
}

/** The model and its entry disagree, or the encoder was misused: a fault of the installation, not of an image. */
export class EncoderError extends Error {
  override name = 'EncoderError';
}

function staticDim(d: number | string | undefined): number | undefined {
  return typeof d === 'number' && d > 0 ? d : undefined;
}

function metadataOf(list: readonly InferenceSession.ValueMetadata[] | undefined, name: string): InferenceSession.ValueMetadata | undefined {
  // Some runtimes or builds leave metadata empty; names are always there and checked separately.
  return list?.find((m) => m.name === name);
}

/** Checks what can be checked before running: names, element types and the shapes the model declares. */
function validate(session: InferenceSession, entry: ModelEntry): void {
  const { input } = entry;
  if (!session.inputNames.includes(input.name)) {
    throw new EncoderError(`model ${entry.id} has no input "${input.name}" (it has: ${session.inputNames.join(', ')})`);
  }
  const inputMeta = metadataOf(session.inputMetadata, input.name);
  if (inputMeta?.isTensor) {
    const [, c, h, w] = inputMeta.shape;
    const wrongSize = [h, w].some((d) => staticDim(d) !== undefined && d !== input.size);
    if (inputMeta.type !== 'float32' || inputMeta.shape.length !== 4 || staticDim(c) !== 3 || wrongSize) {
      throw new EncoderError(`model ${entry.id} input "${input.name}" is ${inputMeta.type} [${inputMeta.shape.join(', ')}], expected float32 [N, 3, ${input.size}, ${input.size}]`);
    }
  }
  for (const [feature, source] of Object.entries(entry.features)) {
    if (!session.outputNames.includes(source.output)) {
      throw new EncoderError(`model ${entry.id} has no output "${source.output}" for feature ${feature} (it has: ${session.outputNames.join(', ')})`);
    }
    const meta = metadataOf(session.outputMetadata, source.output);
    if (meta?.isTensor && meta.shape.length > 0) checkShape(entry, feature, source, meta.shape);
  }
}

/** A feature's source against an output shape, declared (dims may be symbolic) or actual. */
function checkShape(entry: ModelEntry, feature: string, source: FeatureSource, shape: ReadonlyArray<number | string>): void {
  const expectedRank = source.select === undefined ? 2 : 3;
  const dim = staticDim(shape[expectedRank - 1]);
  const rows = source.select === undefined ? undefined : staticDim(shape[1]);
  const bad =
    shape.length !== expectedRank ||
    (dim !== undefined && dim !== source.dim) ||
    (rows !== undefined && source.select !== undefined && source.select >= rows);
  if (bad) {
    const wanted = source.select === undefined ? `[N, ${source.dim}]` : `[N, >${source.select}, ${source.dim}]`;
    throw new EncoderError(`model ${entry.id} output "${source.output}" is [${shape.join(', ')}], but feature ${feature} needs ${wanted}`);
  }
}

class OrtEncoder implements Encoder {
  private released = false;
  // onnxruntime-web's WebGPU backend refuses a run while another is in flight on the same session
  // ("Session already started", huggingface/transformers.js#909), so runs are queued on every runtime.
  // Runs still queued when release() is called fail rather than hold the session open.
  private queue: Promise<unknown> = Promise.resolve();
  private readonly outputs: string[];

  constructor(
    private readonly ort: OrtModule,
    private readonly session: InferenceSession,
    readonly entry: ModelEntry,
    readonly runtime: string,
  ) {
    this.outputs = [...new Set(Object.values(entry.features).map((f) => f.output))];
  }

  encode(batch: readonly Float32Array[]): Promise<FeatureSet[]> {
    const run = this.queue.then(() => this.run(batch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(batch: readonly Float32Array[]): Promise<FeatureSet[]> {
    if (this.released) throw new EncoderError(`encoder ${this.entry.id} was released`);
    if (batch.length === 0) return [];
    const { name, size } = this.entry.input;
    const perImage = 3 * size * size;
    const pixels = new Float32Array(batch.length * perImage);
    batch.forEach((image, i) => {
      if (image.length !== perImage) throw new EncoderError(`image ${i} has ${image.length} values, ${this.entry.id} needs 3 × ${size} × ${size} = ${perImage}`);
      pixels.set(image, i * perImage);
    });
    const feeds = { [name]: new this.ort.Tensor('float32', pixels, [batch.length, 3, size, size]) };
    // Fetching only the outputs the entry uses lets the runtime skip the rest of the graph.
    const results = await this.session.run(feeds, this.outputs);
    try {
      return this.extract(results, batch.length);
    } finally {
      for (const value of Object.values(results)) value.dispose();
    }
  }

  private extract(results: InferenceSession.ReturnType, count: number): FeatureSet[] {
    const sets: FeatureSet[] = Array.from({ length: count }, () => ({}));
    for (const [feature, source] of Object.entries(this.entry.features)) {
      const tensor = results[source.output];
      if (tensor === undefined) throw new EncoderError(`model ${this.entry.id} returned no "${source.output}"`);
      const data = tensor.data;
      if (tensor.type !== 'float32' || !(data instanceof Float32Array)) {
        throw new EncoderError(`model ${this.entry.id} output "${source.output}" is ${tensor.type}, expected float32`);
      }
      checkShape(this.entry, feature, source, tensor.dims);
      if (tensor.dims[0] !== count) throw new EncoderError(`model ${this.entry.id} output "${source.output}" has ${tensor.dims[0]} rows for ${count} images`);
      const rows = source.select === undefined ? 1 : (tensor.dims[1] ?? 1);
      const select = source.select ?? 0;
      sets.forEach((set, i) => {
        const start = (i * rows + select) * source.dim;
        // slice, not subarray: the result must outlive the output tensor's buffer.
        set[feature] = data.slice(start, start + source.dim);
      });
    }
    return sets;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.queue;
    await this.session.release();
  }
}

/** Opens a session on the model bytes and checks that the model has what the entry promises. */
export async function createEncoder(ort: OrtModule, modelBytes: Uint8Array, entry: ModelEntry, options: EncoderOptions): Promise<Encoder> {
  const sessionOptions: InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', ...options.sessionOptions };
  if (options.executionProviders !== undefined) sessionOptions.executionProviders = options.executionProviders;
  const session = await ort.InferenceSession.create(modelBytes, sessionOptions);
  try {
    validate(session, entry);
  } catch (error) {
    await session.release();
    throw error;
  }
  return new OrtEncoder(ort, session, entry, options.runtime);
}
