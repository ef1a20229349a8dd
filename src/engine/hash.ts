import { Sha256 } from './sha256-stream';

/** SHA-256 of some bytes as lower-case hex, with WebCrypto: the same in the engine host and in Node. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a Blob, read a slice at a time: WebCrypto's digest would want (and copy) the whole file. */
export async function sha256OfBlob(blob: Blob, slice = 8 * 2 ** 20): Promise<string> {
  const hash = new Sha256();
  for (let at = 0; at < blob.size; at += slice) hash.update(new Uint8Array(await blob.slice(at, at + slice).arrayBuffer()));
  return hash.hex();
}
