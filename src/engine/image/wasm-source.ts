// Where a WebAssembly decoder's .wasm comes from is the one thing that differs between environments:
// Node reads it from node_modules, an extension page loads it from the extension's own URL (MV3 allows
// no remote code). The caller injects a loader per decoder; the decoding itself is the same everywhere.

/** A decoder's .wasm as bytes, or a URL to fetch it from. */
export type WasmSource = { bytes: Uint8Array } | { url: string };
export type WasmLoader = () => Promise<WasmSource>;

/** The Emscripten module options that point a decoder at its .wasm. */
export interface EmscriptenOptions {
  wasmBinary?: ArrayBuffer;
  locateFile?: (path: string) => string;
  printErr?: (text: string) => void;
}

/** The options that make Emscripten load the .wasm from `source`. */
export function emscriptenOptions(source: WasmSource): EmscriptenOptions {
  if ('url' in source) return { locateFile: () => source.url };
  // Emscripten instantiates from these bytes asynchronously (a synchronous WebAssembly.Module of this
  // size is refused on a browser's main thread).
  const copy = new Uint8Array(source.bytes.byteLength);
  copy.set(source.bytes);
  return { wasmBinary: copy.buffer };
}

/**
 * One decoder's loader and its initialisation, done once. Without a loader `start` gets no options, and
 * Emscripten fetches the .wasm next to its own script (which works in a browser bundle that ships the
 * file beside the script and never in Node).
 */
export class WasmSlot<T> {
  private loader: WasmLoader | undefined;
  private ready: Promise<T> | undefined;

  constructor(private readonly start: (options: EmscriptenOptions) => Promise<T>) {}

  setLoader(next: WasmLoader | undefined): void {
    if (next === this.loader) return; // already in use: keep the initialised decoder
    this.loader = next;
    this.ready = undefined;
  }

  /** Resolves once the decoder is usable; a failure is not cached, so a later call tries again. */
  get(): Promise<T> {
    this.ready ??= this.initialise().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  private async initialise(): Promise<T> {
    return this.start(this.loader ? emscriptenOptions(await this.loader()) : {});
  }
}
