import { refuse } from './checkpoint-error';
import type { AllowedGlobal, PickleDict, PickleObject, PickleValue } from './pickle';
import type { DType } from './tensor';

/**
 * The Python callables PyTorch's own pickles name, each as a TypeScript function that builds an inert
 * value: torch.save's tensors (_rebuild_tensor_v2 over a storage), parameters (the tensor itself),
 * OrderedDict (a Map), and TorchScript's module classes (`__torch__.*`, records of their attributes,
 * whose code is never looked at). Nothing else resolves.
 */
export const STORAGE_TYPES: Record<string, DType> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

/** A storage named by a persistent id: `data/<key>` in the archive. */
export interface StorageRef extends PickleObject {
  readonly kind: 'storage';
  readonly key: string;
  readonly dtype: DType;
  readonly elements: number;
}

export interface TensorRef extends PickleObject {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: number[];
  readonly stride: number[];
}

export interface StorageType extends PickleObject {
  readonly kind: 'storage-type';
  readonly dtype: DType;
  readonly name: string;
}

/** A TorchScript module or class instance: its class name and the attributes its pickle gave it. */
export interface ModuleRecord extends PickleObject {
  readonly kind: 'module';
  readonly className: string;
  state: PickleValue;
  setState(state: PickleValue): void;
}

export function isObject<K extends string>(v: PickleValue, kind: K): v is PickleObject & { kind: K } & PickleValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array) && v.kind === kind;
}

function ints(v: PickleValue, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
    return refuse(`${what} is not a tuple of whole numbers`);
  }
  return v as number[];
}

function rebuildTensor(args: PickleValue[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (!isObject(storage as PickleValue, 'storage')) refuse('a tensor whose storage is not one of the archive\'s');
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) refuse('a tensor with a bad storage offset');
  const shape = ints(size ?? null, 'a tensor\'s size');
  const strides = ints(stride ?? null, 'a tensor\'s stride');
  if (shape.length !== strides.length) refuse('a tensor whose size and stride differ in length');
  const ref = storage as unknown as StorageRef;
  // The last element the view reaches must lie inside its storage.
  let last = offset as number;
  let empty = false;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) empty = true;
    last += (shape[i]! - 1) * strides[i]!;
  }
  if (!empty && last >= ref.elements) refuse(`a tensor reaches element ${last} of a ${ref.elements}-element storage`);
  return { kind: 'tensor', storage: ref, offset: offset as number, shape, stride: strides };
}

const ALLOWED: Record<string, AllowedGlobal> = {
  'collections OrderedDict': {
    call(args) {
      const d: PickleDict = new Map();
      if (args.length > 0 && !(Array.isArray(args[0]) && args[0].length === 0)) refuse('an OrderedDict built from items');
      return d;
    },
  },
  'torch._utils _rebuild_tensor_v2': { call: rebuildTensor },
  'torch._utils _rebuild_tensor': { call: rebuildTensor },
  'torch._utils _rebuild_parameter': { call: (args) => args[0] ?? null },
  'torch._utils _rebuild_parameter_with_state': { call: (args) => args[0] ?? null },
  // TorchScript's typed containers: the list itself, the type tag dropped.
  'torch.jit._pickle build_intlist': { call: (args) => args[0] ?? null },
  'torch.jit._pickle build_doublelist': { call: (args) => args[0] ?? null },
  'torch.jit._pickle build_boollist': { call: (args) => args[0] ?? null },
  'torch.jit._pickle build_tensorlist': { call: (args) => args[0] ?? null },
  'torch.jit._pickle restore_type_tag': { call: (args) => args[0] ?? null },
  // Python 3 bytes in protocol 2 pickles: _codecs.encode(text, 'latin1').
  '_codecs encode': {
    call(args) {
      const [s, encoding] = args;
      if (typeof s !== 'string' || encoding !== 'latin1') refuse('_codecs.encode with other arguments than a string and latin1');
      return Uint8Array.from(s as string, (c) => c.charCodeAt(0) & 0xff);
    },
  },
};

export function torchGlobal(module: string, name: string): AllowedGlobal | undefined {
  if (module === 'torch' && name in STORAGE_TYPES) {
    const type: StorageType = { kind: 'storage-type', dtype: STORAGE_TYPES[name]!, name };
    return { value: type };
  }
  if (module === '__torch__' || module.startsWith('__torch__.')) {
    return {
      create(): ModuleRecord {
        return {
          kind: 'module',
          className: `${module}.${name}`,
          state: null,
          setState(state) {
            this.state = state;
          },
        };
      },
    };
  }
  return ALLOWED[`${module} ${name}`];
}
