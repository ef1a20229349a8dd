// Where the engine host writes an encoder it makes (a conversion, a rewrite): one buffer of the exact size,
// allocated when the writer announces it, so the file is in memory once and never copied whole, hashed as
// it is written.
import type { Sink } from '../../engine/onnx/graph';
import { Sha256 } from '../../engine/sha256-stream';

export class HeldOutput {
  private buffer: Uint8Array | undefined;
  private at = 0;
  private readonly hash = new Sha256();

  /** For the writer's `onSize`. */
  readonly size = (bytes: number): void => {
    this.buffer = new Uint8Array(bytes);
  };

  readonly sink: Sink = (chunk) => {
    const buffer = this.buffer;
    if (!buffer) throw new Error('the encoder writer did not announce its size');
    if (this.at + chunk.length > buffer.length) throw new Error(`the encoder writer wrote more than the ${buffer.length} bytes it announced`);
    buffer.set(chunk, this.at);
    this.at += chunk.length;
    this.hash.update(chunk);
  };

  get written(): number {
    return this.at;
  }

  /** The whole file and its SHA-256, once every announced byte is written. */
  finish(): { bytes: Uint8Array; sha256: string } {
    if (!this.buffer || this.at !== this.buffer.length) throw new Error(`the encoder writer stopped at ${this.at} of ${this.buffer?.length ?? 0} bytes`);
    return { bytes: this.buffer, sha256: this.hash.hex() };
  }
}
