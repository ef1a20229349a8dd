// The resampler's two passes in WebAssembly with 128-bit SIMD (resample.wat): the same integer arithmetic
// as the JS passes in resize.ts, so the same bytes, with three to sixteen samples per instruction. The
// module is under a kilobyte, so it is compiled synchronously, once, the first time an image is resized.
// Everything a pass reads is copied into the module's memory, and the result copied out.
import type { RgbImage } from '../types';
import { RESAMPLE_WASM } from './resample-wasm';
import type { Coefficients, Window } from './resample-plan';

const PAGE_BYTES = 65536;
/** The module's memory limit (its 1024 pages): a larger image is resized by the JS passes. */
export const MAX_MEMORY_BYTES = 1024 * PAGE_BYTES;
/** An instance whose memory grew past this for a large image is let go after it, not kept for the next. */
const KEEP_BYTES = 16 * 1024 * 1024;

interface Passes {
  memory: WebAssembly.Memory;
  horizontal(inAt: number, inStride: number, rows: number, cols: number, taps: number, weights: number, wStride: number, out: number, outStride: number): void;
  vertical(inAt: number, stride: number, outRows: number, taps: number, weights: number, wStride: number, out: number): void;
}

/** The tables are written with typed arrays, in the platform's byte order; WebAssembly reads them little-endian. */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The compiled module, or null where WebAssembly or its SIMD instructions are missing. */
let compiled: WebAssembly.Module | null | undefined;
let instance: Passes | undefined;

/** Whether this environment runs the SIMD passes (WebAssembly with 128-bit SIMD). */
export function simdAvailable(): boolean {
  compiled ??= littleEndian && typeof WebAssembly === 'object' && WebAssembly.validate(RESAMPLE_WASM) ? compile() : null;
  return compiled !== null;
}

/** A page whose content security policy forbids compiling WebAssembly throws here: it gets the JS passes. */
function compile(): WebAssembly.Module | null {
  try {
    return new WebAssembly.Module(RESAMPLE_WASM);
  } catch {
    return null;
  }
}

function passes(): Passes | undefined {
  if (!simdAvailable() || !compiled) return undefined;
  instance ??= new WebAssembly.Instance(compiled).exports as unknown as Passes;
  return instance;
}

/** Places regions in the module's memory, each 16-byte aligned with 16 bytes to spare after it (a pass reads and writes a little past its rows). */
class Layout {
  end = 0;
  take(bytes: number): number {
    const at = this.end;
    this.end = Math.ceil((at + bytes + 16) / 16) * 16;
    return at;
  }
}

/** What one pass reads besides the pixels: two i32 per output sample (where its taps start, how many) and the weights. */
interface PassTables {
  taps: Int32Array;
  weights: Int32Array | Int16Array;
  /** Bytes from one output sample's weights to the next's. */
  weightStride: number;
  tapsAt: number;
  weightsAt: number;
}

/** Output samples [first, first + count) of `c`: their taps start at input index * `unit`, less `shift`. */
function tapTable(c: Coefficients, first: number, count: number, unit: number, shift: number): Int32Array {
  const taps = new Int32Array(count * 2);
  for (let i = 0; i < count; i++) {
    taps[i * 2] = (c.bounds[(first + i) * 2]! - shift) * unit;
    taps[i * 2 + 1] = c.bounds[(first + i) * 2 + 1]!;
  }
  return taps;
}

function place(layout: Layout, taps: Int32Array, weights: Int32Array | Int16Array, weightStride: number): PassTables {
  return { taps, weights, weightStride, tapsAt: layout.take(taps.byteLength), weightsAt: layout.take(weights.byteLength) };
}

/** The vertical pass's tables: taps as byte offsets of rows, the weights as they are. */
function verticalTables(layout: Layout, c: Coefficients, first: number, count: number, stride: number, shift: number): PassTables {
  const weights = c.weights.subarray(first * c.ksize, (first + count) * c.ksize);
  return place(layout, tapTable(c, first, count, stride, shift), weights, c.ksize * 4);
}

/**
 * The horizontal pass's tables: taps counted in pairs, each weight split into hi * 2^15 + lo as
 * resample.wat reads them. Undefined if a weight's hi does not fit an i16 (not for weights that sum to
 * one, as these do, but then the JS passes still give the exact bytes).
 */
function horizontalTables(layout: Layout, c: Coefficients, first: number, count: number): PassTables | undefined {
  const taps = tapTable(c, first, count, 3, 0);
  const pairs = Math.ceil(c.ksize / 2);
  const split = new Int16Array(count * pairs * 4); // an odd last tap's partner keeps the weight 0
  for (let i = 0; i < count; i++) {
    const n = taps[i * 2 + 1]!;
    taps[i * 2 + 1] = Math.ceil(n / 2);
    for (let k = 0; k < n; k++) {
      const w = c.weights[(first + i) * c.ksize + k]!;
      const hi = w >> 15;
      if (hi < -0x8000 || hi > 0x7fff) return undefined;
      const at = (i * pairs + (k >> 1)) * 4 + (k & 1);
      split[at] = hi;
      split[at + 2] = w & 0x7fff;
    }
  }
  return place(layout, taps, split, pairs * 8);
}

function bytesOf(a: Int32Array | Int16Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function writeTables(heap: Uint8Array, tables: PassTables): void {
  heap.set(bytesOf(tables.taps), tables.tapsAt);
  heap.set(bytesOf(tables.weights), tables.weightsAt);
}

/**
 * The window `win` of `img` resampled with `h` (horizontal coefficients, absent when the width stays)
 * and `v` (vertical, absent when the height stays), as resize.ts's JS passes compute it, from input rows
 * [rowFirst, rowFirst + rowCount): the ones the vertical pass reads, or the window's own. Undefined
 * when this environment has no WebAssembly SIMD or the image needs more than `maxBytes` of memory.
 */
export function resampleSimd(
  img: RgbImage,
  win: Window,
  h: Coefficients | undefined,
  v: Coefficients | undefined,
  rowFirst: number,
  rowCount: number,
  maxBytes = MAX_MEMORY_BYTES,
): RgbImage | undefined {
  const wasm = passes();
  if (!wasm) return undefined;
  const inStride = img.width * 3;
  const rowBytes = win.width * 3;
  // Rows between the passes (and out of the vertical pass) are padded to whole 16-byte chunks.
  const stride = Math.ceil(rowBytes / 16) * 16;
  const layout = new Layout();
  // The horizontal pass reads the input rows as they are; the vertical pass alone reads the window's
  // columns, copied into padded rows.
  const inputAt = layout.take(rowCount * (h ? inStride : stride));
  const hTables = h && horizontalTables(layout, h, win.x, win.width);
  if (h && !hTables) return undefined;
  const middleAt = h && v ? layout.take(rowCount * stride) : inputAt;
  const vTables = v && verticalTables(layout, v, win.y, win.height, stride, rowFirst);
  const outStride = v ? stride : rowBytes;
  const outAt = layout.take(win.height * outStride);
  if (layout.end > maxBytes) return undefined;
  const { memory } = wasm;
  if (layout.end > memory.buffer.byteLength) memory.grow(Math.ceil((layout.end - memory.buffer.byteLength) / PAGE_BYTES));

  const heap = new Uint8Array(memory.buffer);
  if (h) heap.set(img.data.subarray(rowFirst * inStride, (rowFirst + rowCount) * inStride), inputAt);
  else {
    for (let y = 0; y < rowCount; y++) {
      const from = (rowFirst + y) * inStride + win.x * 3;
      heap.set(img.data.subarray(from, from + rowBytes), inputAt + y * stride);
    }
  }
  if (hTables) {
    writeTables(heap, hTables);
    // Without a vertical pass the rows are the window's own, straight to the output.
    const [hOut, hStride] = v ? [middleAt, stride] : [outAt, rowBytes];
    wasm.horizontal(inputAt, inStride, rowCount, win.width, hTables.tapsAt, hTables.weightsAt, hTables.weightStride, hOut, hStride);
  }
  if (vTables) {
    writeTables(heap, vTables);
    wasm.vertical(middleAt, stride, win.height, vTables.tapsAt, vTables.weightsAt, vTables.weightStride, outAt);
  }

  const out = new Uint8Array(rowBytes * win.height);
  if (outStride === rowBytes) out.set(heap.subarray(outAt, outAt + out.length));
  else for (let y = 0; y < win.height; y++) out.set(heap.subarray(outAt + y * outStride, outAt + y * outStride + rowBytes), y * rowBytes);
  if (memory.buffer.byteLength > KEEP_BYTES) instance = undefined;
  return { width: win.width, height: win.height, data: out };
}
