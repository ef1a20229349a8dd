// A checkpoint on disk as a ByteSource: reads at offsets through one file handle, so a multi-gigabyte
// file is never held whole.
import { open } from 'node:fs/promises';
import type { ByteSource } from '../engine/checkpoint';

export interface FileByteSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileByteSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
        if (bytesRead === 0) throw new Error(`${path} ended at ${offset + done} bytes while reading (was it changed meanwhile?)`);
        done += bytesRead;
      }
      return buffer;
    },
    close: () => handle.close(),
  };
}
