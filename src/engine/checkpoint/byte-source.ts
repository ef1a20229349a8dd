/**
 * Random access to a file's bytes, so that readers of multi-gigabyte checkpoints hold only the parts they
 * need: the same interface over bytes in memory, a Blob (the browser's File) and, in src/node, a file handle.
 */
export interface ByteSource {
  readonly size: number;
  /** Exactly `length` bytes from `offset`; the readers check the range against `size` before asking. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
  };
}

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  };
}
