// The shapes both resampling paths share (the JS passes in resize.ts and the SIMD ones in resample-simd.ts):
// a file of their own, so that neither path imports the other's module for a type.

export interface Coefficients {
  /** Taps per output sample (the row stride of `weights`). */
  ksize: number;
  /** Per output sample: first input index and number of taps. */
  bounds: Int32Array;
  /** Fixed-point weights, `ksize` per output sample. */
  weights: Int32Array;
}

/** A window of the resized image, in output pixels: only that part is computed. */
export interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}
