// WebP through libwebp (WebAssembly, @jsquash/webp): lossy, lossless, alpha, and the first frame of an
// animation composed on a transparent canvas as libwebp's own animation decoder (and so PIL) does.
import decodeWebp from '@jsquash/webp/decode.js';
import { ImageError, type RgbImage } from '../types';
import { rgbaOnWhite } from './alpha';
import { exifOrientation } from './exif';
import { checkPixels, type ResolvedLimits } from './limits';
import { applyOrientation } from './orient';
import { canvasSize, firstAnimationFrame, webpChunks } from './webp-riff';
import { webpDecoderReady } from './webp-wasm';

interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function decodeStill(file: Uint8Array): Promise<Rgba> {
  await webpDecoderReady();
  // The decoder wants an ArrayBuffer of exactly the file.
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  try {
    return await decodeWebp(buffer);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // @jsquash/webp reports any bitstream libwebp rejects as "Decoding error"; anything else means the
    // decoder itself could not start (its .wasm missing), which is not the image's fault.
    if (message !== 'Decoding error') throw err;
    throw new ImageError('corrupt or truncated WebP');
  }
}

export async function decodeWebpImage(bytes: Uint8Array, limits: ResolvedLimits): Promise<RgbImage> {
  const chunks = webpChunks(bytes);
  const vp8x = chunks.find((c) => c.type === 'VP8X');
  const exif = chunks.find((c) => c.type === 'EXIF');
  const orientation = exif ? exifOrientation(exif.data) : 1;
  const animated = vp8x !== undefined && ((vp8x.data[0] ?? 0) & 0x02) !== 0;

  let image: RgbImage;
  if (animated) {
    const canvas = canvasSize(vp8x.data);
    checkPixels(canvas.width, canvas.height, limits);
    const frame = firstAnimationFrame(chunks);
    if (frame.x + frame.width > canvas.width || frame.y + frame.height > canvas.height) {
      throw new ImageError('corrupt WebP (first frame extends past the canvas)');
    }
    const still = await decodeStill(frame.file);
    const rgba = new Uint8Array(canvas.width * canvas.height * 4); // transparent
    for (let row = 0; row < still.height; row++) {
      const from = row * still.width * 4;
      rgba.set(still.data.subarray(from, from + still.width * 4), ((frame.y + row) * canvas.width + frame.x) * 4);
    }
    image = rgbaOnWhite(rgba, canvas.width, canvas.height);
  } else {
    const still = await decodeStill(bytes);
    checkPixels(still.width, still.height, limits);
    image = rgbaOnWhite(still.data, still.width, still.height);
  }
  return applyOrientation(image, orientation);
}
