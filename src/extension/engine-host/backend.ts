// WebGPU when the browser gives an adapter, WASM otherwise; the choice and its reason are reported, so
// the popup can say what the engine runs on.
import type { Backend, BackendChoice } from '../shared/protocol';

export interface WebgpuProbe {
  /** What the adapter says it is, e.g. "google / swiftshader (fallback adapter)". */
  adapter?: string;
  /** A software adapter (SwiftShader): it works, but runs the encoder slower than WASM does. */
  fallback?: boolean;
  /** Why there is none. */
  unavailable?: string;
}

export async function probeWebgpu(): Promise<WebgpuProbe> {
  if (!('gpu' in navigator) || navigator.gpu === undefined) return { unavailable: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { unavailable: 'navigator.gpu.requestAdapter() gave no adapter' };
    const info = adapter.info;
    const name = [info.vendor, info.architecture, info.device, info.description].filter((s) => s !== '').join(' / ') || 'unnamed adapter';
    // isFallbackAdapter is not in every browser's WebGPU yet.
    const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
    return fallback ? { adapter: `${name} (fallback adapter)`, fallback } : { adapter: name };
  } catch (error) {
    return { unavailable: `requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export class BackendUnavailable extends Error {
  override name = 'BackendUnavailable';
}

/**
 * The backend to try for a choice. "auto" takes WebGPU on a hardware adapter only: on the software
 * fallback adapter the test encoder ran about 6 times slower than on WASM (see the end-to-end tests).
 * "webgpu" without any adapter is an error rather than a quiet fallback.
 */
export function pickBackend(choice: BackendChoice, probe: WebgpuProbe): Backend {
  if (choice === 'wasm') return 'wasm';
  if (choice === 'webgpu') {
    if (probe.adapter === undefined) throw new BackendUnavailable(`WebGPU was asked for, but ${probe.unavailable ?? 'there is no adapter'}`);
    return 'webgpu';
  }
  return probe.adapter !== undefined && probe.fallback !== true ? 'webgpu' : 'wasm';
}

/** Why "auto" runs on WASM, for the popup; undefined when it runs on WebGPU. */
export function wasmReason(probe: WebgpuProbe): string | undefined {
  if (probe.adapter === undefined) return probe.unavailable ?? 'no WebGPU adapter';
  if (probe.fallback === true) return 'only a software WebGPU adapter, which is slower than WASM';
  return undefined;
}
