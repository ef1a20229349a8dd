;; The two passes of Pillow's bicubic resampling (ImagingResampleHorizontal_8bpc and
;; ImagingResampleVertical_8bpc in Pillow's src/libImaging/Resample.c) for 8-bit RGB, with 128-bit SIMD.
;; resize.ts holds the same passes in plain JS and computes the coefficients for both; resample-simd.ts
;; copies the pixels, taps and weights into this module's memory and calls these two functions.
;;
;; The arithmetic is Pillow's: each sum is 1 << 21 (half of one in 22-bit fixed point) plus byte * weight
;; over the taps, modulo 2^32 (as C's int wraps in practice, and as the JS passes' `| 0` does). The
;; vertical pass adds the products lane by lane with i32x4.mul and i32x4.add, which wrap the same way;
;; the horizontal pass splits each weight in two 16-bit halves, which gives the same sum modulo 2^32 (see
;; there). Then clip8 takes sum >> 22 (arithmetic) and clamps it to 0..255: after the shift a sum lies in
;; -512..511, so narrowing it to i16 with signed saturation changes nothing, and narrowing that to u8 with
;; unsigned saturation is exactly the clamp.
;; Compiled to resample-wasm.ts by build/make-resample-wasm.ts.
(module
  ;; Grown by the caller as an image needs; 1024 pages (64 MiB) is the most resample-simd.ts asks for.
  (memory (export "memory") 1 1024)

  ;; The fixed-point rounding term, 1 << (PRECISION_BITS - 1), in every lane.
  (global $half v128 (v128.const i32x4 0x200000 0x200000 0x200000 0x200000))

  ;; clip8 of four sums: (sum >> 22) clamped to 0..255, as the first four bytes of the result.
  (func $clip8x4 (param $sum v128) (result v128)
    (local $s v128)
    (local.set $s (i16x8.narrow_i32x4_s
      (i32x4.shr_s (local.get $sum) (i32.const 22))
      (i32x4.shr_s (local.get $sum) (i32.const 22))))
    (i8x16.narrow_i16x8_u (local.get $s) (local.get $s)))

  ;; Horizontal pass: `rows` rows of `in` (stride `inStride` bytes) to `cols` output pixels per row,
  ;; written to `out` (stride `outStride` bytes). `taps` holds two i32 per output pixel: the byte offset
  ;; of its first input pixel within a row, and its number of tap pairs; its weights start at
  ;; weights + column * wStride, four i16 per pair of taps k, k + 1: hi[k], hi[k + 1], lo[k], lo[k + 1]
  ;; with weight = hi * 2^15 + lo, 0 <= lo < 2^15 (an odd last tap is paired with a weight of 0).
  ;; sum(byte * weight) = 2^15 * sum(byte * hi) + sum(byte * lo) modulo 2^32, and each of those two sums
  ;; takes i32x4.dot_i16x8_s: one instruction multiplies two taps' three channels and adds the pairs,
  ;; exactly (a byte times an i16, and the sum of two such, fit an i32): the pass takes about three
  ;; quarters of the time it takes with i32x4.mul per tap.
  ;; Every pair reads eight bytes (two pixels and two bytes discarded), and every pixel writes four (the
  ;; fourth is overwritten by the next pixel, or lands in the row's padding or the next row, which is
  ;; written after it): the caller leaves at least 16 bytes after `in` and `out`.
  (func (export "horizontal")
    (param $in i32) (param $inStride i32) (param $rows i32) (param $cols i32)
    (param $taps i32) (param $weights i32) (param $wStride i32) (param $out i32) (param $outStride i32)
    (local $y i32) (local $col i32) (local $p i32) (local $w i32) (local $n i32) (local $o i32) (local $row i32)
    (local $pixels v128) (local $hi v128) (local $lo v128)
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $y) (local.get $outStride))))
        (local.set $row (i32.add (local.get $in) (i32.mul (local.get $y) (local.get $inStride))))
        (local.set $col (i32.const 0))
        (block $colsDone
          (loop $column
            (br_if $colsDone (i32.ge_u (local.get $col) (local.get $cols)))
            (local.set $p (i32.add (local.get $row)
              (i32.load (i32.add (local.get $taps) (i32.shl (local.get $col) (i32.const 3))))))
            (local.set $n (i32.load offset=4 (i32.add (local.get $taps) (i32.shl (local.get $col) (i32.const 3)))))
            (local.set $w (i32.add (local.get $weights) (i32.mul (local.get $col) (local.get $wStride))))
            (local.set $hi (v128.const i32x4 0 0 0 0))
            (local.set $lo (v128.const i32x4 0 0 0 0))
            (block $tapsDone
              (loop $tap
                (br_if $tapsDone (i32.eqz (local.get $n)))
                ;; R0 G0 B0 R1 G1 B1 as the i16 lanes R0 R1 G0 G1 B0 B1 0 0 (index 0x80 gives a zero byte).
                (local.set $pixels (i8x16.swizzle (v128.load64_zero (local.get $p))
                  (v128.const i8x16 0 0x80 3 0x80 1 0x80 4 0x80 2 0x80 5 0x80 0x80 0x80 0x80 0x80)))
                (local.set $hi (i32x4.add (local.get $hi) (i32x4.dot_i16x8_s (local.get $pixels) (v128.load32_splat (local.get $w)))))
                (local.set $lo (i32x4.add (local.get $lo) (i32x4.dot_i16x8_s (local.get $pixels) (v128.load32_splat offset=4 (local.get $w)))))
                (local.set $p (i32.add (local.get $p) (i32.const 6)))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $tap)))
            (v128.store32_lane 0 (local.get $o) (call $clip8x4
              (i32x4.add (global.get $half) (i32x4.add (i32x4.shl (local.get $hi) (i32.const 15)) (local.get $lo)))))
            (local.set $o (i32.add (local.get $o) (i32.const 3)))
            (local.set $col (i32.add (local.get $col) (i32.const 1)))
            (br $column)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rowLoop))))

  ;; Vertical pass: `outRows` rows to `out` from the rows of `in`, both with the stride `stride`, a
  ;; multiple of 16 bytes. `taps` holds two i32 per output row: the byte offset in `in` of its first
  ;; input row, and its number of taps; its weights start at weights + row * wStride. Every byte of a row
  ;; is a sample of its own with the row's weights, whatever its channel, so 16 go at a time, in four
  ;; lanes of i32 sums each; the padding at the end of a row is computed too and discarded by the caller.
  (func (export "vertical")
    (param $in i32) (param $stride i32) (param $outRows i32)
    (param $taps i32) (param $weights i32) (param $wStride i32) (param $out i32)
    (local $y i32) (local $q i32) (local $first i32) (local $rowWeights i32) (local $rowTaps i32)
    (local $p i32) (local $w i32) (local $n i32)
    (local $pixels v128) (local $weight v128) (local $half8 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $outRows)))
        (local.set $first (i32.add (local.get $in) (i32.load (i32.add (local.get $taps) (i32.shl (local.get $y) (i32.const 3))))))
        (local.set $rowTaps (i32.load offset=4 (i32.add (local.get $taps) (i32.shl (local.get $y) (i32.const 3)))))
        (local.set $rowWeights (i32.add (local.get $weights) (i32.mul (local.get $y) (local.get $wStride))))
        (local.set $q (i32.const 0))
        (block $chunksDone
          (loop $chunk
            (br_if $chunksDone (i32.ge_u (local.get $q) (local.get $stride)))
            (local.set $s0 (global.get $half))
            (local.set $s1 (global.get $half))
            (local.set $s2 (global.get $half))
            (local.set $s3 (global.get $half))
            (local.set $p (i32.add (local.get $first) (local.get $q)))
            (local.set $w (local.get $rowWeights))
            (local.set $n (local.get $rowTaps))
            (block $tapsDone
              (loop $tap
                (br_if $tapsDone (i32.eqz (local.get $n)))
                ;; 16 bytes of one input row, widened to u16 then u32; s[i] += byte[i] * weight.
                (local.set $pixels (v128.load (local.get $p)))
                (local.set $weight (v128.load32_splat (local.get $w)))
                (local.set $half8 (i16x8.extend_low_i8x16_u (local.get $pixels)))
                (local.set $s0 (i32x4.add (local.get $s0) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $half8)) (local.get $weight))))
                (local.set $s1 (i32x4.add (local.get $s1) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $half8)) (local.get $weight))))
                (local.set $half8 (i16x8.extend_high_i8x16_u (local.get $pixels)))
                (local.set $s2 (i32x4.add (local.get $s2) (i32x4.mul (i32x4.extend_low_i16x8_u (local.get $half8)) (local.get $weight))))
                (local.set $s3 (i32x4.add (local.get $s3) (i32x4.mul (i32x4.extend_high_i16x8_u (local.get $half8)) (local.get $weight))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))
                (local.set $w (i32.add (local.get $w) (i32.const 4)))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $tap)))
            ;; clip8 of the 16 sums, in order: >> 22, then i32 -> i16 -> u8 with saturation.
            (v128.store (local.get $out)
              (i8x16.narrow_i16x8_u
                (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $s0) (i32.const 22)) (i32x4.shr_s (local.get $s1) (i32.const 22)))
                (i16x8.narrow_i32x4_s (i32x4.shr_s (local.get $s2) (i32.const 22)) (i32x4.shr_s (local.get $s3) (i32.const 22)))))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $chunk)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $row))))
)
