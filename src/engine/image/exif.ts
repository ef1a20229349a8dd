// EXIF orientation: cameras store pixels as the sensor saw them and record in EXIF how to turn them
// upright. PIL's ImageOps.exif_transpose (the reference) and browsers both honour it, so we do too.

/** The Orientation tag (0x0112) of IFD0 in a TIFF-structured EXIF block, or 1 (upright) if absent or invalid. */
export function exifOrientation(block: Uint8Array): number {
  let tiff = block;
  // JPEG's APP1 and some WebP/PNG writers keep the "Exif\0\0" prefix; the TIFF header follows it.
  if (tiff.length >= 6 && tiff[0] === 0x45 && tiff[1] === 0x78 && tiff[2] === 0x69 && tiff[3] === 0x66 && tiff[4] === 0 && tiff[5] === 0) {
    tiff = tiff.subarray(6);
  }
  if (tiff.length < 8) return 1;
  const little = tiff[0] === 0x49 && tiff[1] === 0x49;
  const big = tiff[0] === 0x4d && tiff[1] === 0x4d;
  if (!little && !big) return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    const type = view.getUint16(entry + 2, little);
    // SHORT as the standard says; LONG from a few sloppy writers.
    const value = type === 3 ? view.getUint16(entry + 8, little) : type === 4 ? view.getUint32(entry + 8, little) : 1;
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}
