// zlib's inflate through the platform's DecompressionStream: in the browser's engine host it is the
// browser's own native zlib, about three times as fast on a large PNG as fast-png's pure-JS inflate
// (the benchmark's preprocess section). Asynchronous, as streams are.

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
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
