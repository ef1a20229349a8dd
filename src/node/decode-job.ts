// What a decoding worker does with one job, apart from the thread it runs on: bytes in, the encoder's
// input tensor out, or the reason there is none. Shared by the worker and by the pool's tests.
import { decodeImage } from '../engine/image/decode';
import { preprocess } from '../engine/preprocess';
import { ImageError, type InputSpec } from '../engine/types';

export interface DecodeRequest {
  id: number;
  bytes: Uint8Array;
  input: InputSpec;
  maxPixels?: number;
}

export type DecodeReply =
  | { id: number; pixels: Float32Array }
  /** `image` is true for an ImageError (the image's fault), false for anything else (the decoder's). */
  | { id: number; error: string; image: boolean };

export async function runDecodeJob(request: DecodeRequest): Promise<DecodeReply> {
  try {
    const image = await decodeImage(request.bytes, request.maxPixels === undefined ? {} : { maxPixels: request.maxPixels });
    return { id: request.id, pixels: preprocess(image, request.input) };
  } catch (err) {
    return { id: request.id, error: err instanceof Error ? err.message : String(err), image: err instanceof ImageError };
  }
}
