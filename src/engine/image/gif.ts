// GIF through omggif: the first frame only (what a still of an animation shows first, and what PIL's
// Image.open gives), blitted onto a transparent canvas of the logical screen's size, so pixels that the
// frame leaves uncovered or marks transparent end up white after flattening.
import { GifReader } from 'omggif';
import { ImageError, type RgbImage } from '../types';
import { rgbaOnWhite } from './alpha';
import { checkPixels, type ResolvedLimits } from './limits';

export function decodeGifImage(bytes: Uint8Array, limits: ResolvedLimits): RgbImage {
  let reader: GifReader;
  try {
    // The constructor walks every block of the file, so a file cut short inside a frame throws here.
    reader = new GifReader(bytes);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ImageError(/block size/i.test(message) ? 'truncated GIF' : `corrupt GIF (${message})`);
  }
  if (reader.numFrames() === 0) throw new ImageError('truncated GIF (no frame)');
  const { width, height } = reader;
  checkPixels(width, height, limits);
  const frame = reader.frameInfo(0);
  if (frame.x + frame.width > width || frame.y + frame.height > height) {
    throw new ImageError('corrupt GIF (first frame extends past the image)');
  }
  const rgba = new Uint8Array(width * height * 4);
  try {
    reader.decodeAndBlitFrameRGBA(0, rgba);
  } catch (err) {
    throw new ImageError(`corrupt GIF (${err instanceof Error ? err.message : String(err)})`);
  }
  return rgbaOnWhite(rgba, width, height);
}
