// The resampler's two passes in WebAssembly with 128-bit SIMD (resample.wat): the same integer arithmetic
// as the JS passes in resize.ts, so the same bytes, four to sixteen samples per instruction. The module
// is under a kilobyte, so it is compiled synchronously, once, the first time an image is resized.
// Everything a pass reads is copied into the module's memory and the result copied out.
import type { RgbImage } from '../types';
import { RESAMPLE_WASM } from './resample-wasm';
import type { Coefficients, Window } from './resize';

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

/** The compiled module, or null where WebAssembly or its SIMD instructions are missing. */
let compiled: WebAssembly.Module | null | undefined;
let instance: Passes | undefined;

/** Whether this environment runs the SIMD passes (WebAssembly with 128-bit SIMD). */
export function simdAvailable(): boolean {
  compiled ??= typeof WebAssembly === 'object' && WebAssembly.validate(RESAMPLE_WASM) ? new WebAssembly.Module(RESAMPLE_WASM) : null;
  return compiled !== null;
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

/** Per output sample of [first, first + count): where its taps start (input index * `unit`, less `shift`) and how many there are. */
function tapTable(c: Coefficients, first: number, count: number, unit: number, shift: number): Int32Array {
  const taps = new Int32Array(count * 2);
  for (let i = 0; i < count; i++) {
    taps[i * 2] = (c.bounds[(first + i) * 2]! - shift) * unit;
    taps[i * 2 + 1] = c.bounds[(first + i) * 2 + 1]!;
  }
  return taps;
}

/** What one pass needs in memory: its tap table and weights, placed. */
interface PassData {
  taps: Int32Array;
  weights: Int32Array;
  tapsAt: number;
  weightsAt: number;
}

function passData(layout: Layout, c: Coefficients, first: number, count: number, unit: number, shift: number): PassData {
  const taps = tapTable(c, first, count, unit, shift);
  const weights = c.weights.subarray(first * c.ksize, (first + count) * c.ksize);
  return { taps, weights, tapsAt: layout.take(taps.byteLength), weightsAt: layout.take(weights.byteLength) };
}

function writePass(memory: WebAssembly.Memory, pass: PassData): void {
  new Int32Array(memory.buffer, pass.tapsAt, pass.taps.length).set(pass.taps);
  new Int32Array(memory.buffer, pass.weightsAt, pass.weights.length).set(pass.weights);
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
  const hPass = h && passData(layout, h, win.x, win.width, 3, 0);
  const middleAt = h && v ? layout.take(rowCount * stride) : inputAt;
  const vPass = v && passData(layout, v, win.y, win.height, stride, rowFirst);
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
  if (hPass) {
    writePass(memory, hPass);
    // Without a vertical pass the rows are the window's own, straight to the output.
    const [hOut, hStride] = v ? [middleAt, stride] : [outAt, rowBytes];
    wasm.horizontal(inputAt, inStride, rowCount, win.width, hPass.tapsAt, hPass.weightsAt, h.ksize * 4, hOut, hStride);
  }
  if (vPass) {
    writePass(memory, vPass);
    wasm.vertical(middleAt, stride, win.height, vPass.tapsAt, vPass.weightsAt, v.ksize * 4, outAt);
  }

  const out = new Uint8Array(rowBytes * win.height);
  if (outStride === rowBytes) out.set(heap.subarray(outAt, outAt + out.length));
  else for (let y = 0; y < win.height; y++) out.set(heap.subarray(outAt + y * outStride, outAt + y * outStride + rowBytes), y * rowBytes);
  if (memory.buffer.byteLength > KEEP_BYTES) instance = undefined;
  return { width: win.width, height: win.height, data: out };
}
