// Types for jpeg-js's decoder module on its own: importing the package's index would also bundle its
// encoder (and that encoder's Node Buffer fallback) into the browser build.
declare module 'jpeg-js/lib/decoder.js' {
  interface DecodeOptions {
    useTArray: true;
    colorTransform?: boolean;
    formatAsRGBA?: boolean;
    tolerantDecoding?: boolean;
    maxResolutionInMP?: number;
    maxMemoryUsageInMB?: number;
  }
  export default function decode(
    jpegData: Uint8Array,
    options: DecodeOptions,
  ): { width: number; height: number; data: Uint8Array };
}
