import type { ByteSource } from './byte-source';
import { refuse } from './checkpoint-error';
import type { PickleValue } from './pickle';
import { openSafetensors } from './safetensors';
import type { TensorEntry } from './tensor';
import { openTorchArchive } from './torch-archive';
import { isZip } from './zip';

export interface Checkpoint {
  readonly format: 'pytorch' | 'torchscript' | 'safetensors';
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  /** The pickle's value tree (PyTorch formats only): for keys that are not tensors, like Lightning's. */
  readonly root?: PickleValue;
}

/**
 * Opens a checkpoint by what its bytes are, never by its name: a PyTorch zip (torch.save, torch.jit.save)
 * or safetensors. Anything else is refused, saying what it looks like.
 */
export async function openCheckpoint(source: ByteSource, what = 'the checkpoint'): Promise<Checkpoint> {
  const head = await source.read(0, Math.min(16, source.size));
  if (isZip(head)) return openTorchArchive(source, what);
  if (head.length >= 9 && head[8] === 0x7b /* { */) return openSafetensors(source, what);
  if (head[0] === 0x80 && head[1] !== undefined && head[1] <= 5) {
    refuse(`${what} is a bare pickle (PyTorch's format before version 1.6); load and save it again with torch.save to get the zip format`);
  }
  refuse(`${what} is neither a PyTorch zip archive nor a safetensors file (it starts with ${describe(head)})`);
}

function describe(head: Uint8Array): string {
  return Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'nothing: it is empty';
}
