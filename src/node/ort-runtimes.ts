// The two onnxruntime builds the command line, tests and benchmarks can run encoders on in Node:
// onnxruntime-node (native, CPU) and onnxruntime-web's WASM backend, which is what the extension runs
// when it has no WebGPU, so Node can check and time the browser's numbers.
import { rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrtModule } from '../engine/encoder';

export type RuntimeKind = 'node' | 'wasm';

export interface LoadedRuntime {
  ort: OrtModule;
  /** The name encoders report, e.g. in verdicts and benchmark tables. */
  runtime: string;
  executionProviders: string[];
}

export async function loadRuntime(kind: RuntimeKind): Promise<LoadedRuntime> {
  if (kind === 'node') {
    const ort = await import('onnxruntime-node');
    removeEmptyRuntimeLog();
    return { ort, runtime: 'onnxruntime-node', executionProviders: ['cpu'] };
  }
  // Node resolves onnxruntime-web to its Node build, which finds its .wasm beside itself: no
  // wasmPaths needed. Its threads are worker_threads, which Node has without cross-origin isolation.
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = Math.min(4, availableParallelism());
  return { ort, runtime: 'onnxruntime-web/wasm', executionProviders: ['wasm'] };
}

let cleaning = false;

/**
 * onnxruntime-node's library leaves an empty `mat-debug-<pid>.log` in the temporary folder of every process
 * that loads it (its telemetry SDK's log, which the Node binding cannot turn off). It is removed when the
 * process ends, and only when empty: a log with something in it is kept for whoever wants it.
 */
function removeEmptyRuntimeLog(): void {
  if (cleaning) return;
  cleaning = true;
  const log = join(tmpdir(), `mat-debug-${process.pid}.log`);
  process.on('exit', () => {
    try {
      if (statSync(log).size === 0) rmSync(log);
    } catch {
      // Not there: nothing to remove.
    }
  });
}
