import { refuse } from './checkpoint-error';

/**
 * A strict interpreter of Python's pickle format for the pickles inside PyTorch checkpoints. It never runs
 * code: a pickle names Python callables (GLOBAL) and asks for them to be called (REDUCE, NEWOBJ, BUILD);
 * here only the names in the caller's allow-list resolve, to TypeScript functions that build plain values,
 * and any other name refuses the file at once, naming what was asked for. Sizes are checked against the
 * bytes present before anything is allocated, and containers nest at most MAX_DEPTH deep.
 */
export type PickleValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PickleValue[]
  | PickleDict
  | PickleObject;

/** Python's dict (and OrderedDict): keys are strings or numbers in checkpoints. */
export type PickleDict = Map<string | number | bigint | boolean | null, PickleValue>;

/** What an allowed callable builds that is not a plain value (a tensor, an inert TorchScript module, ...). */
export interface PickleObject {
  readonly kind: string;
}

/** An allowed Python callable, by what it may be asked to do. */
export interface AllowedGlobal {
  /** REDUCE: called with the argument tuple. */
  call?(args: PickleValue[]): PickleValue;
  /** NEWOBJ then BUILD: an object made empty, then given its state. */
  create?(): PickleObject & { setState(state: PickleValue): void };
  /** A name that stands for a value rather than a call (torch.FloatStorage, a storage's type). */
  value?: PickleObject;
}

export interface PickleOptions {
  /** module + ' ' + name → what it does; every other global refuses the pickle. */
  globals(module: string, name: string): AllowedGlobal | undefined;
  /** BINPERSID: PyTorch's reference to a storage outside the pickle. */
  persistentLoad?(pid: PickleValue): PickleValue;
  /** For messages: "data.pkl of model.pt". */
  what: string;
}

export const MAX_DEPTH = 100;

class GlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly allowed: AllowedGlobal,
  ) {}
}

const MARK = Symbol('mark');
type StackItem = PickleValue | GlobalRef | typeof MARK;

export function unpickle(bytes: Uint8Array, options: PickleOptions): PickleValue {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin1 = new TextDecoder('latin1');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const stack: StackItem[] = [];
  const marks: number[] = [];
  const memo = new Map<number, StackItem>();
  // Depth of each container, raised as items go in, so a pickle cannot build an unboundedly deep tree.
  const depths = new WeakMap<object, number>();
  let p = 0;

  const fail = (why: string): never => refuse(`${options.what}: ${why} (at byte ${p})`);
  const need = (n: number): void => {
    if (n < 0 || p + n > bytes.length) fail(`the pickle declares ${n} bytes but ${bytes.length - p} remain`);
  };
  const u8 = (): number => {
    need(1);
    return bytes[p++]!;
  };
  const u16 = (): number => {
    need(2);
    p += 2;
    return dv.getUint16(p - 2, true);
  };
  const u32 = (): number => {
    need(4);
    p += 4;
    return dv.getUint32(p - 4, true);
  };
  const u64 = (): number => {
    need(8);
    const lo = dv.getUint32(p, true);
    const hi = dv.getUint32(p + 4, true);
    p += 8;
    if (hi >= 1 << 21) fail('a length beyond any real file');
    return hi * 2 ** 32 + lo;
  };
  const take = (n: number): Uint8Array => {
    need(n);
    p += n;
    return bytes.subarray(p - n, p);
  };
  const text = (n: number): string => {
    const raw = take(n);
    try {
      return utf8.decode(raw);
    } catch {
      return fail('a string that is not UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, p);
    if (end < 0) fail('a text argument without its newline');
    const s = latin1.decode(bytes.subarray(p, end));
    p = end + 1;
    return s;
  };
  const depthOf = (v: StackItem): number => (typeof v === 'object' && v !== null ? (depths.get(v) ?? 0) : 0);
  const contain = (container: object, item: StackItem): void => {
    const d = Math.max(depths.get(container) ?? 1, depthOf(item) + 1);
    if (d > MAX_DEPTH) fail(`containers nested more than ${MAX_DEPTH} deep`);
    depths.set(container, d);
  };
  const pop = (): StackItem => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('an operation with too few arguments');
    return stack.pop()!;
  };
  // The top of the stack, which may be None: only an empty stack is a fault.
  const top = (what: string): StackItem => (stack.length > 0 ? stack[stack.length - 1]! : fail(`${what} on an empty stack`));
  const value = (item: StackItem, where: string): PickleValue => {
    if (item === MARK) return fail(`a mark where ${where} was expected`);
    if (item instanceof GlobalRef) return fail(`the callable ${item.module}.${item.name} used as ${where}`);
    return item;
  };
  const popMark = (): StackItem[] => {
    const at = marks.pop();
    if (at === undefined) fail('a closing operation without its mark');
    return stack.splice(at!);
  };
  const tuple = (items: StackItem[]): PickleValue[] => {
    const t = items.map((v) => value(v, 'a tuple item'));
    depths.set(t, 1);
    for (const v of t) contain(t, v);
    return t;
  };
  const setItems = (target: StackItem, items: StackItem[]): void => {
    if (!(target instanceof Map)) fail('items set on something that is not a dict');
    if (items.length % 2) fail('a dict update with a key and no value');
    const dict = target as PickleDict;
    for (let i = 0; i < items.length; i += 2) {
      const key = value(items[i]!, 'a dict key');
      if (key !== null && typeof key === 'object') fail('a dict key that is not a string or a number');
      const v = value(items[i + 1]!, 'a dict value');
      contain(dict, v);
      dict.set(key as string, v);
    }
  };
  const append = (target: StackItem, items: StackItem[]): void => {
    if (!Array.isArray(target)) fail('items appended to something that is not a list');
    const list = target as PickleValue[];
    for (const item of items) {
      const v = value(item, 'a list item');
      contain(list, v);
      list.push(v);
    }
  };
  const global = (module: string, name: string): GlobalRef | PickleObject => {
    const allowed = options.globals(module, name);
    if (!allowed) {
      fail(`it asks for the Python callable ${module}.${name}, which is not one PyTorch uses to store tensors; OriginLens reads checkpoints without running any of their code`);
    }
    return allowed!.value ?? new GlobalRef(module, name, allowed!);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('a pickle protocol newer than 5');
        break;
      case 0x95: // FRAME: a length hint only
        u64();
        break;
      case 0x2e: {
        // STOP
        if (stack.length !== 1 || marks.length > 0) fail('the pickle ends with a malformed stack');
        return value(stack[0]!, 'the result');
      }
      case 0x28: // MARK
        marks.push(stack.length);
        stack.push(MARK);
        break;
      case 0x7d: {
        // EMPTY_DICT
        const d: PickleDict = new Map();
        depths.set(d, 1);
        stack.push(d);
        break;
      }
      case 0x5d: {
        // EMPTY_LIST
        const l: PickleValue[] = [];
        depths.set(l, 1);
        stack.push(l);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x74: {
        // TUPLE
        const items = popMark();
        items.shift();
        stack.push(tuple(items));
        break;
      }
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        const items: StackItem[] = [];
        for (let i = 0; i < n; i++) items.unshift(pop());
        stack.push(tuple(items));
        break;
      }
      case 0x6c: {
        // LIST
        const items = popMark();
        items.shift();
        const l: PickleValue[] = [];
        depths.set(l, 1);
        append(l, items);
        stack.push(l);
        break;
      }
      case 0x64: {
        // DICT
        const items = popMark();
        items.shift();
        const d: PickleDict = new Map();
        depths.set(d, 1);
        setItems(d, items);
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(stack[stack.length - 1]!, [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        items.shift();
        setItems(stack[stack.length - 1]!, items);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        append(stack[stack.length - 1]!, [v]);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        items.shift();
        append(stack[stack.length - 1]!, items);
        break;
      }
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top('DUP'));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top('a memo'));
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top('a memo'));
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top('a memo'));
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top('a memo'));
        break;
      case 0x68: // BINGET
      case 0x6a: // LONG_BINGET
      case 0x67: {
        // GET
        const key = op === 0x68 ? u8() : op === 0x6a ? u32() : Number(line());
        if (!memo.has(key)) fail(`a memo entry ${key} that was never stored`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        need(4);
        p += 4;
        stack.push(dv.getInt32(p - 4, true));
        break;
      case 0x49: {
        // INT (text): also True/False in protocol 0
        const s = line();
        if (s === '01' || s === '00') stack.push(s === '01');
        else if (/^-?\d{1,15}$/.test(s)) stack.push(Number(s));
        else fail('an integer in text that is not one');
        break;
      }
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const n = op === 0x8a ? u8() : u32();
        if (n > 8) fail(`an integer ${n} bytes long`);
        const raw = take(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[i]!);
        if (n > 0 && raw[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT: big-endian
        need(8);
        p += 8;
        stack.push(dv.getFloat64(p - 8, false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x54: {
        // BINSTRING (Python 2 str)
        const n = u32();
        if (n >= 2 ** 31) fail('a negative string length');
        stack.push(latin1.decode(take(n)));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64()).slice());
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(global(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL without two strings');
        stack.push(global(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        if (!(callable instanceof GlobalRef)) return fail('a call of something that is not a callable');
        if (!Array.isArray(args)) fail(`${callable.module}.${callable.name} called without an argument tuple`);
        if (!callable.allowed.call) fail(`${callable.module}.${callable.name} may not be called`);
        const result = callable.allowed.call!(args as PickleValue[]);
        stack.push(result);
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop();
        const cls = pop();
        if (!(cls instanceof GlobalRef)) return fail('NEWOBJ of something that is not a class');
        if (!cls.allowed.create) fail(`${cls.module}.${cls.name} may not be instantiated`);
        if (!Array.isArray(args) || args.length > 0) fail(`${cls.module}.${cls.name} instantiated with arguments`);
        stack.push(cls.allowed.create!());
        break;
      }
      case 0x62: {
        // BUILD
        const state = value(pop(), 'an object state');
        const target = stack[stack.length - 1];
        if (target instanceof Map && (state instanceof Map || state === null)) {
          // An OrderedDict's attributes (a state dict's `_metadata`: module versions), not its items.
        } else if (typeof target === 'object' && target !== null && 'setState' in target && typeof target.setState === 'function') {
          contain(target, state);
          (target.setState as (s: PickleValue) => void)(state);
        } else {
          fail('BUILD of an object that takes no state');
        }
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = value(pop(), 'a persistent id');
        if (!options.persistentLoad) fail('a reference to data outside the pickle');
        stack.push(options.persistentLoad!(pid));
        break;
      }
      default:
        fail(`the pickle operation 0x${op.toString(16).padStart(2, '0')}, which PyTorch checkpoints do not use`);
    }
  }
}
