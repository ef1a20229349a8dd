// zlib's inflate through the platform's DecompressionStream: in the browser's engine host it is the
// browser's own native zlib. With it, the engine host decoded a 1-megapixel PNG in 36.6 ms against
// 86.5 ms with fast-png's pure-JS inflate. Asynchronous, as streams are.
import { concatBytes } from '../concat-bytes';

/** zlib stream to bytes; rejects on a bad stream or once the output passes `maxLength` bytes. */
export async function inflateStream(zlib: Uint8Array, maxLength: number): Promise<Uint8Array> {
  // The image's bytes are an ArrayBuffer's (fetched, or read from a file), never shared memory.
  const reader = new Blob([zlib as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxLength) {
      // A stream that inflates to more than the image needs is no image of this size (or a bomb): stop.
      await reader.cancel();
      throw new RangeError(`inflates to more than ${maxLength} bytes`);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(chunks);
}
