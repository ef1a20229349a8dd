// The JPEG decoder is libjpeg-turbo's, as MozJPEG carries it, compiled to WebAssembly (@jsquash/jpeg):
// the same integer IDCT, fancy upsampling and colour conversion as the libjpeg-turbo that PIL uses, so
// the pixels are PIL's. Its .wasm comes from the loader the caller sets (see wasm-source.ts).
//
// The Emscripten module is used directly rather than through @jsquash/jpeg's decode(): that keeps the
// decoding synchronous once the module is ready, and gives libjpeg's own error message (printed, then
// the module exits) to the error we throw.
import mozjpegDec from '@jsquash/jpeg/codec/dec/mozjpeg_dec.js';
import { WasmSlot, type EmscriptenOptions, type WasmLoader } from './wasm-source';

interface MozjpegModule {
  /** `preserveOrientation` true means "turn the image as its EXIF orientation says" (jsquash's naming). */
  decode(data: Uint8Array, preserveOrientation: boolean): { width: number; height: number; data: Uint8ClampedArray } | null;
}

/** libjpeg's messages since the last decode began (warnings and, last, the fatal error if any). */
let messages: string[] = [];

const factory = mozjpegDec as unknown as (options: EmscriptenOptions & { noInitialRun: boolean }) => Promise<MozjpegModule>;
const slot = new WasmSlot((options) => factory({ noInitialRun: true, ...options, printErr: (text) => messages.push(text) }));

/** Sets where the JPEG decoder's .wasm comes from (src/node/codec-wasm.ts in Node). */
export function setJpegWasmLoader(next: WasmLoader | undefined): void {
  slot.setLoader(next);
}

export function jpegDecoderReady(): Promise<MozjpegModule> {
  return slot.get();
}

export interface MozjpegResult {
  rgba?: { width: number; height: number; data: Uint8ClampedArray };
  /** libjpeg's fatal message when there is no image. */
  error?: string;
}

/**
 * Decodes to RGBA as stored (no EXIF rotation: that is applied by the caller, as for every format).
 * libjpeg's warnings (corrupt data it skipped over) are not errors, as in PIL.
 */
export function mozjpegDecode(module: MozjpegModule, bytes: Uint8Array): MozjpegResult {
  messages = [];
  try {
    const rgba = module.decode(bytes, false);
    if (rgba) return { rgba };
    return { error: messages.at(-1) ?? 'no image' };
  } catch (err) {
    // libjpeg's error_exit calls exit(), which Emscripten throws as an ExitStatus after printing the message.
    return { error: messages.at(-1) ?? (err instanceof Error ? err.message : String(err)) };
  } finally {
    messages = [];
  }
}
