// Which URL an <img> shows, and whether it is large enough to count.

/** The chosen candidate of srcset/<picture> once the browser picked one, else src; '' for unusable schemes. */
export function imageUrl(img: HTMLImageElement): string {
  const url = img.currentSrc || img.src;
  // Both properties give a parsed URL (lower-case scheme): most are http(s), told apart without a regex.
  if (url.startsWith('https:') || url.startsWith('http:')) return url;
  return /^(data|blob):/i.test(url) ? url : '';
}

/**
 * Lazy-loading placeholders and spacers are tiny images stretched to the final size (often a 1x1 GIF):
 * once an image has decoded, its own pixels must be more than a few. Broken images (no pixels) still count,
 * so that they get an error badge rather than silence.
 */
export const MIN_NATURAL = 16;

export function isBigEnough(img: HTMLImageElement, width: number, height: number, minSize: number): boolean {
  if (width < minSize || height < minSize) return false;
  if (img.complete && img.naturalWidth > 0 && (img.naturalWidth < MIN_NATURAL || img.naturalHeight < MIN_NATURAL)) return false;
  return true;
}

/** Given both width and height attributes, an image is most often drawn at the same size before and after it loads. */
export const sizedByAttributes = (img: HTMLImageElement): boolean => img.hasAttribute('width') && img.hasAttribute('height');
