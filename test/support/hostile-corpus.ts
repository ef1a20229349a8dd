// The hostile-image corpus the command line's and the browser's tests share: each file made by code or
// read from the committed fixtures, with what it must become. `error` entries must give an error verdict
// whose reason matches; `verdict` entries are valid images that must give a proper verdict.
import { readFileSync } from 'node:fs';
import { familyImage } from './families';
import { ascii, jpegHeader, pngHeader } from './hostile-images';

export interface HostileImage {
  bytes: Uint8Array;
  /** What a server says it is (the decoder never believes it). */
  contentType: string;
  expect: { error: RegExp } | 'verdict';
}

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url)));
const jpeg = fixture('rgb-200x150.jpg');
const png = familyImage('stripes', 7);

/** An AVIF as far as anyone can tell without decoding it: the `ftyp` box naming the brand. */
const avifBox = Uint8Array.from([0, 0, 0, 24, ...ascii('ftypavif'), 0, 0, 0, 0, ...ascii('mif1avif')]);

/** Whoever renders this as a document runs the script, which calls back to the server it came from. */
export const SVG_BEACON = '/hostile/beacon';
const svgWithScript = new TextEncoder().encode(
  `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><script>fetch("${SVG_BEACON}");new Image().src="${SVG_BEACON}"</script><rect width="300" height="300" fill="red"/></svg>`,
);

export const HOSTILE_IMAGES: Record<string, HostileImage> = {
  'empty.png': { bytes: new Uint8Array(0), contentType: 'image/png', expect: { error: /empty file/ } },
  'truncated.jpg': { bytes: jpeg.subarray(0, jpeg.length >> 1), contentType: 'image/jpeg', expect: { error: /truncated JPEG/ } },
  'truncated.png': { bytes: png.subarray(0, png.length >> 1), contentType: 'image/png', expect: { error: /truncated/i } },
  'page.jpg': { bytes: new TextEncoder().encode('<!doctype html><html><body>Not found</body></html>'), contentType: 'image/jpeg', expect: { error: /not an image.*HTML/i } },
  'bomb.png': { bytes: pngHeader(30_000, 30_000), contentType: 'image/png', expect: { error: /too large: 30000 x 30000 pixels/ } },
  'bomb.jpg': { bytes: jpegHeader(65_000, 65_000), contentType: 'image/jpeg', expect: { error: /too large: 65000 x 65000 pixels/ } },
  'script.svg': { bytes: svgWithScript, contentType: 'image/svg+xml', expect: { error: /unsupported format: SVG/ } },
  'image.avif': { bytes: avifBox, contentType: 'image/avif', expect: { error: /unsupported format: AVIF/ } },
  'anim.gif': { bytes: fixture('anim-200x150.gif'), contentType: 'image/gif', expect: 'verdict' },
  'anim.webp': { bytes: fixture('anim-160x120.webp'), contentType: 'image/webp', expect: 'verdict' },
  'cmyk.jpg': { bytes: fixture('cmyk-240x180.jpg'), contentType: 'image/jpeg', expect: 'verdict' },
  'rgb16.png': { bytes: fixture('rgb16-96x72.png'), contentType: 'image/png', expect: 'verdict' },
  'alpha.png': { bytes: fixture('rgba-320x240.png'), contentType: 'image/png', expect: 'verdict' },
  'alpha.webp': { bytes: fixture('lossy-alpha-200x160.webp'), contentType: 'image/webp', expect: 'verdict' },
  'exif6.jpg': { bytes: fixture('orient6-240x160.jpg'), contentType: 'image/jpeg', expect: 'verdict' },
};
