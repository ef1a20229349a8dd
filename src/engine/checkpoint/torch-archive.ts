import type { ByteSource } from './byte-source';
import { refuse } from './checkpoint-error';
import { unpickle, type PickleValue } from './pickle';
import { ITEM_SIZE, elementCount, toFloat32, type TensorEntry } from './tensor';
import { STORAGE_TYPES, isObject, torchGlobal, type StorageRef, type TensorRef } from './torch-globals';
import { openZip, type ZipArchive, type ZipEntry } from './zip';

/**
 * A PyTorch zip archive: torch.save's (`<name>/data.pkl` and `<name>/data/<key>`) or torch.jit.save's
 * TorchScript archive (the same, plus `constants.pkl` and `code/`, which is never read). The pickle gives
 * the tree of values (dicts, lists, inert module records) with tensor references whose bytes stay in the
 * file until read.
 */
export interface TorchArchive {
  readonly format: 'pytorch' | 'torchscript';
  /** What data.pkl holds: a state dict, a Lightning checkpoint's dict, a TorchScript module record, ... */
  readonly root: PickleValue;
  /** Every tensor in `root`, named by its path of keys and attributes joined with dots. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
}

/** data.pkl of OpenAI's ViT-L/14 archive is about 60 kB; a pickle of tens of megabytes holds no state dict. */
const MAX_PICKLE_BYTES = 32 << 20;

export async function openTorchArchive(source: ByteSource, what: string): Promise<TorchArchive> {
  const zip = await openZip(source);
  const pickles = [...zip.entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n) || n === 'data.pkl');
  if (pickles.length !== 1) {
    refuse(`${what} is a zip archive but not a PyTorch checkpoint (${pickles.length === 0 ? 'no data.pkl' : 'several data.pkl'} in it)`);
  }
  const prefix = pickles[0]!.slice(0, -'data.pkl'.length);
  const byteorder = zip.entries.get(`${prefix}byteorder`);
  if (byteorder && new TextDecoder().decode(await zip.read(byteorder)) !== 'little') {
    refuse(`${what} was saved on a big-endian machine, which OriginLens does not read`);
  }
  const format = zip.entries.has(`${prefix}constants.pkl`) ? 'torchscript' : 'pytorch';
  const storages = new Map<string, StorageRef>();
  const pickleEntry = zip.entries.get(pickles[0]!)!;
  if (pickleEntry.size > MAX_PICKLE_BYTES) refuse(`${what}: data.pkl is ${pickleEntry.size} bytes, far more than a checkpoint's`);
  const root = unpickle(await zip.read(pickleEntry), {
    what: `${what} (data.pkl)`,
    globals: torchGlobal,
    persistentLoad: (pid) => storage(zip, prefix, storages, pid),
  });
  const tensors = new Map<string, TensorEntry>();
  collect(root, '', 0, (name, ref) => tensors.set(name, tensorEntry(zip, prefix, name, ref)));
  return { format, root, tensors };
}

/** PyTorch's persistent id of a storage: ('storage', <type>, key, location, element count). */
function storage(zip: ZipArchive, prefix: string, storages: Map<string, StorageRef>, pid: PickleValue): StorageRef {
  if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length !== 5) refuse('a persistent id that is not a PyTorch storage');
  const [, type, key, , elements] = pid as PickleValue[];
  if (!isObject(type!, 'storage-type')) refuse('a storage of an unknown type');
  if (typeof key !== 'string' || !/^\w+$/.test(key)) refuse('a storage with a malformed key');
  if (typeof elements !== 'number' || !Number.isSafeInteger(elements) || elements < 0) refuse(`storage ${String(key)} with a bad element count`);
  const dtype = STORAGE_TYPES[(type as unknown as { name: string }).name]!;
  const known = storages.get(key as string);
  if (known) {
    if (known.dtype !== dtype) refuse(`storage ${key as string} is named with two types`);
    return known;
  }
  const entry = zip.entries.get(`${prefix}data/${key as string}`);
  if (!entry) refuse(`storage ${key as string} is named by the pickle but missing from the archive`);
  if ((elements as number) * ITEM_SIZE[dtype] > entry!.size) {
    refuse(`storage ${key as string} declares ${elements as number} values, more than its ${entry!.size} bytes hold`);
  }
  const ref: StorageRef = { kind: 'storage', key: key as string, dtype, elements: elements as number };
  storages.set(key as string, ref);
  return ref;
}

function collect(v: PickleValue, path: string, depth: number, found: (name: string, ref: TensorRef) => void): void {
  if (depth > 100) refuse('a checkpoint whose values nest more than 100 deep');
  const join = (k: string | number): string => (path ? `${path}.${k}` : String(k));
  if (v instanceof Map) {
    for (const [k, x] of v) if (typeof k === 'string' || typeof k === 'number') collect(x, join(k), depth + 1, found);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => collect(x, join(i), depth + 1, found));
  } else if (isObject(v, 'tensor')) {
    found(path, v as unknown as TensorRef);
  } else if (isObject(v, 'module')) {
    collect((v as unknown as { state: PickleValue }).state, path, depth + 1, found);
  }
}

function tensorEntry(zip: ZipArchive, prefix: string, name: string, ref: TensorRef): TensorEntry {
  const count = elementCount(ref.shape, `tensor ${name}`);
  return {
    name,
    dtype: ref.storage.dtype,
    shape: ref.shape,
    async readFloat32() {
      const entry: ZipEntry = zip.entries.get(`${prefix}data/${ref.storage.key}`)!;
      const item = ITEM_SIZE[ref.storage.dtype];
      if (count === 0) return new Float32Array(0);
      // The span of storage the view covers, read at once; then gathered in row-major order if strided.
      let last = ref.offset;
      for (let i = 0; i < ref.shape.length; i++) last += (ref.shape[i]! - 1) * ref.stride[i]!;
      const span = last - ref.offset + 1;
      const values = toFloat32(await zip.read(entry, ref.offset * item, span * item), ref.storage.dtype, span);
      if (isContiguous(ref.shape, ref.stride) && span === count) return values;
      return gather(values, ref.shape, ref.stride, count);
    },
  };
}

function isContiguous(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i]!;
  }
  return true;
}

function gather(values: Float32Array, shape: readonly number[], stride: readonly number[], count: number): Float32Array {
  const out = new Float32Array(count);
  const index = new Array<number>(shape.length).fill(0);
  let at = 0;
  for (let i = 0; i < count; i++) {
    out[i] = values[at]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]!++;
      at += stride[d]!;
      if (index[d]! < shape[d]!) break;
      at -= stride[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}
