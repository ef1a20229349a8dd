// The RIFF container around WebP bitstreams. libwebp's still-image API (what @jsquash/webp exposes)
// refuses animated files, so the first frame is cut out of its ANMF chunk into a still file of its own;
// the EXIF chunk gives the orientation, as PIL's exif_transpose reads it.
import { ImageError } from '../types';

export interface RiffChunk {
  type: string;
  /** Where the chunk header starts, and the payload itself. */
  offset: number;
  data: Uint8Array;
}

function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

function u24(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u24(bytes, at) + (bytes[at + 3] ?? 0) * 0x1000000);
}

/** Chunks in `bytes[start, end)`; throws "truncated WebP" when one runs past the end. */
export function riffChunks(bytes: Uint8Array, start: number, end: number): RiffChunk[] {
  const chunks: RiffChunk[] = [];
  let p = start;
  while (p + 8 <= end) {
    const size = u32(bytes, p + 4);
    if (p + 8 + size > end) throw new ImageError('truncated WebP');
    chunks.push({ type: fourcc(bytes, p), offset: p, data: bytes.subarray(p + 8, p + 8 + size) });
    p += 8 + size + (size & 1); // payloads are padded to an even length
  }
  return chunks;
}

/** The top-level chunks of a WebP file. */
export function webpChunks(bytes: Uint8Array): RiffChunk[] {
  if (bytes.length < 20) throw new ImageError('truncated WebP');
  const riffEnd = 8 + u32(bytes, 4);
  if (riffEnd > bytes.length) throw new ImageError('truncated WebP');
  return riffChunks(bytes, 12, riffEnd);
}

export interface AnimationFrame {
  x: number;
  y: number;
  width: number;
  height: number;
  /** The frame as a still WebP file of its own. */
  file: Uint8Array;
}

function chunkBytes(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + data.length + (data.length & 1));
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function riffFile(chunks: Uint8Array[]): Uint8Array {
  const body = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(12 + body);
  out.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  new DataView(out.buffer).setUint32(4, 4 + body, true);
  out.set([0x57, 0x45, 0x42, 0x50], 8); // WEBP
  let p = 12;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/** The canvas size of an extended (VP8X) file. */
export function canvasSize(vp8x: Uint8Array): { width: number; height: number } {
  return { width: u24(vp8x, 4) + 1, height: u24(vp8x, 7) + 1 };
}

/** The first ANMF frame of an animated file as a still file, with its place on the canvas. */
export function firstAnimationFrame(chunks: RiffChunk[]): AnimationFrame {
  const anmf = chunks.find((c) => c.type === 'ANMF');
  if (!anmf || anmf.data.length < 16) throw new ImageError('truncated WebP (animation without frames)');
  const d = anmf.data;
  const x = u24(d, 0) * 2;
  const y = u24(d, 3) * 2;
  const width = u24(d, 6) + 1;
  const height = u24(d, 9) + 1;
  const inner = riffChunks(d, 16, d.length).filter((c) => c.type === 'ALPH' || c.type === 'VP8 ' || c.type === 'VP8L');
  if (!inner.some((c) => c.type === 'VP8 ' || c.type === 'VP8L')) throw new ImageError('corrupt WebP (frame without image data)');
  const parts = inner.map((c) => chunkBytes(c.type, c.data));
  if (inner.some((c) => c.type === 'ALPH')) {
    // A lossy bitstream with a separate alpha plane needs the extended header that announces alpha.
    const vp8x = new Uint8Array(10);
    vp8x[0] = 0x10;
    vp8x.set([(width - 1) & 0xff, ((width - 1) >> 8) & 0xff, ((width - 1) >> 16) & 0xff], 4);
    vp8x.set([(height - 1) & 0xff, ((height - 1) >> 8) & 0xff, ((height - 1) >> 16) & 0xff], 7);
    parts.unshift(chunkBytes('VP8X', vp8x));
  }
  return { x, y, width, height, file: riffFile(parts) };
}
