// Option values shared by the commands, checked with messages that name the option.
import type { RuntimeKind } from '../node/ort-runtimes';
import { UsageError } from '../node/cli-error';

/** `expected` says what `check` accepts, for the message when it refuses. */
export function numberOption(name: string, value: string | undefined, check: (n: number) => boolean = Number.isFinite, expected = 'a number'): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !check(n)) throw new UsageError(`--${name} expects ${expected}, got "${value}"`);
  return n;
}

export function runtimeOption(value: string): RuntimeKind {
  if (value !== 'node' && value !== 'wasm') throw new UsageError(`--runtime is "node" (onnxruntime-node) or "wasm" (onnxruntime-web), not "${value}"`);
  return value;
}
