// Images whose inputs are ready together are encoded in one run of the encoder: a run on a batch costs
// less per image than runs one by one (in the benchmark, ViT-B/32 int8 in the engine host on WASM: about
// 80 ms per image at batch 8 against 120 at batch 1). Nothing waits for images still being fetched: a job
// reserves its place once its bytes are in, and a batch starts as soon as the encoder is free and every
// reserved image has its input or gave its place up (a cache hit, an image that cannot be decoded), so a
// lone image runs at once. Decoding happens on the same thread as the encoder, so inputs cannot gather
// while a batch runs; the reservations are what let the images fetched meanwhile join the next batch
// rather than trickle through one by one.
import { MAX_BATCH } from '../shared/batch-limits';

export type RunBatch<K, R> = (key: K, inputs: Float32Array[]) => Promise<R[]>;

interface Waiting<K, R> {
  key: K;
  input: Float32Array;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * A reserved place in a batch: `encode` once the input is made (with the engine it is for), or `release`
 * if it never will be.
 */
export interface Slot<K, R> {
  encode(key: K, input: Float32Array): Promise<R>;
  release(): void;
}

/**
 * Batches inputs for `run`, which gets inputs of one key (the loaded engine they belong to) at a time, at
 * most `max` of them, and must return one result per input, in order.
 */
export class EncodeBatcher<K, R> {
  private waiting: Waiting<K, R>[] = [];
  /** Reserved places whose input is not made yet. */
  private preparing = 0;
  private running = false;

  constructor(
    private readonly run: RunBatch<K, R>,
    private readonly max = MAX_BATCH,
  ) {}

  reserve(): Slot<K, R> {
    this.preparing++;
    let open = true;
    const close = () => {
      if (!open) return false;
      open = false;
      this.preparing--;
      return true;
    };
    return {
      encode: (key, input) => {
        if (!close()) return Promise.reject(new Error('this place in the batch was used or released already'));
        const result = new Promise<R>((resolve, reject) => this.waiting.push({ key, input, resolve, reject }));
        void this.drain();
        return result;
      },
      release: () => {
        if (close()) void this.drain();
      },
    };
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      // A batch starts when nothing reserved is still being prepared, or when it is full anyway.
      while (this.waiting.length > 0 && (this.preparing === 0 || this.waiting.length >= this.max)) {
        const key = this.waiting[0]!.key;
        const batch = this.waiting.filter((w) => w.key === key).slice(0, this.max);
        this.waiting = this.waiting.filter((w) => !batch.includes(w));
        try {
          const results = await this.run(key, batch.map((w) => w.input));
          if (results.length !== batch.length) throw new Error(`the encoder returned ${results.length} results for ${batch.length} images`);
          batch.forEach((w, i) => w.resolve(results[i]!));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
