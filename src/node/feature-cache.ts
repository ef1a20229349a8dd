// Features on disk, by the SHA-256 of the image bytes and of the encoder, so a second run over the same
// images (or a retrain with another head) does not encode again. One small file per image:
// a uint32 header length, a JSON header naming the features and their sizes, then float32 values.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FeatureSet } from '../engine/types';

/** Bump when preprocessing changes what an encoder sees, so old features are not reused. */
const PREPROCESS_VERSION = 1;

export class FeatureCache {
  constructor(
    private readonly root: string,
    private readonly encoderSha256: string,
    /** A resize mode other than the encoder's own (a head's), which makes other features. */
    private readonly resize?: string,
  ) {}

  private path(imageSha256: string): string {
    const variant = this.resize ? `-${this.resize}` : '';
    return join(this.root, `${this.encoderSha256.slice(0, 16)}${variant}-p${PREPROCESS_VERSION}`, imageSha256.slice(0, 2), `${imageSha256}.f32`);
  }

  async get(imageSha256: string): Promise<FeatureSet | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path(imageSha256));
    } catch {
      return undefined;
    }
    try {
      return decodeFeatures(bytes);
    } catch {
      // A damaged entry (a run killed mid-write on a file system without atomic rename) is a miss, not an error.
      return undefined;
    }
  }

  async put(imageSha256: string, features: FeatureSet): Promise<void> {
    const path = this.path(imageSha256);
    await mkdir(dirname(path), { recursive: true });
    // Unique per write: two images with the same bytes in one batch, or two processes, write the same entry.
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(temporary, encodeFeatures(features));
    await rename(temporary, path);
  }
}

export function encodeFeatures(features: FeatureSet): Uint8Array {
  const names = Object.keys(features);
  const header = new TextEncoder().encode(JSON.stringify(names.map((n) => [n, features[n]!.length])));
  const floats = names.reduce((n, name) => n + features[name]!.length, 0);
  // The float data starts on a multiple of 4 so it can be viewed in place.
  const dataStart = Math.ceil((4 + header.length) / 4) * 4;
  const out = new Uint8Array(dataStart + floats * 4);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  const values = new Float32Array(out.buffer, dataStart, floats);
  let offset = 0;
  for (const name of names) {
    values.set(features[name]!, offset);
    offset += features[name]!.length;
  }
  return out;
}

export function decodeFeatures(bytes: Uint8Array): FeatureSet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0, true);
  const entries = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as [string, number][];
  const dataStart = Math.ceil((4 + headerLength) / 4) * 4;
  const total = entries.reduce((n, [, size]) => n + size, 0);
  if (bytes.length !== dataStart + total * 4) throw new Error('feature file has the wrong length');
  // A copy, aligned and of its own: a Buffer read from disk may be a view into Node's shared pool, and
  // Buffer#slice does not copy.
  const values = new Float32Array(Uint8Array.prototype.slice.call(bytes, dataStart).buffer);
  const out: FeatureSet = {};
  let offset = 0;
  for (const [name, size] of entries) {
    out[name] = values.slice(offset, offset + size);
    offset += size;
  }
  return out;
}
