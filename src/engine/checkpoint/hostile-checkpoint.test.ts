import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { rng } from '../test-support/random';
import { storedZip } from '../test-support/stored-zip';
import { CheckpointError, bytesSource, openCheckpoint, type Checkpoint } from '.';

const DIR = new URL('../../../test/fixtures/checkpoints/', import.meta.url);
const stateDict = new Uint8Array(readFileSync(new URL('state-dict.pt', DIR)));

/** Opens and reads every tensor: a hostile file must fail in one of the two, with a CheckpointError. */
async function readAll(bytes: Uint8Array): Promise<Checkpoint> {
  const checkpoint = await openCheckpoint(bytesSource(bytes), 'the file');
  for (const t of checkpoint.tensors.values()) await t.readFloat32();
  return checkpoint;
}

async function refused(bytes: Uint8Array, message: RegExp): Promise<void> {
  await assert.rejects(readAll(bytes), (e: unknown) => {
    assert.ok(e instanceof CheckpointError, `a CheckpointError, not ${String(e)}`);
    assert.match(e.message, message);
    return true;
  });
}

// Pickle pieces, protocol 2, as PyTorch writes them.
const enc = new TextEncoder();
const cat = (...parts: (Uint8Array | string | number[])[]): Uint8Array => {
  const bytes = parts.map((p) => (typeof p === 'string' ? enc.encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(bytes.reduce((s, b) => s + b.length, 0));
  let at = 0;
  for (const b of bytes) {
    out.set(b, at);
    at += b.length;
  }
  return out;
};
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const str = (s: string): Uint8Array => cat([0x58], u32(enc.encode(s).length), s);
const int = (n: number): number[] => [0x4a, ...u32(n)];
const PROTO = [0x80, 0x02];
const STOP = '.';

/** A torch.save archive around `pickle`, with storage "0" of `bytes` bytes. */
function archive(pickle: Uint8Array, bytes = 16): Uint8Array {
  return storedZip({ 'ck/data.pkl': pickle, 'ck/byteorder': 'little', 'ck/data/0': new Uint8Array(bytes), 'ck/version': '3\n' });
}

/** {'w': _rebuild_tensor_v2(storage('0', numel), offset, size, stride)} */
function tensorPickle(numel: number, offset: number, size: number[], stride: number[]): Uint8Array {
  const tuple = (xs: number[]): Uint8Array => cat('(', ...xs.map(int), 't');
  return cat(
    PROTO,
    '}(',
    str('w'),
    'ctorch._utils\n_rebuild_tensor_v2\n(',
    cat('(', str('storage'), 'ctorch\nFloatStorage\n', str('0'), str('cpu'), int(numel), 't', 'Q'),
    int(offset),
    tuple(size),
    tuple(stride),
    [0x89],
    'ccollections\nOrderedDict\n)R',
    'tR',
    'u',
    STOP,
  );
}

test('a well-formed hand-made archive reads (the hostile variants below differ in one thing)', async () => {
  const checkpoint = await readAll(archive(tensorPickle(4, 0, [2, 2], [2, 1])));
  assert.deepEqual(checkpoint.tensors.get('w')?.shape, [2, 2]);
});

test('a pickle that asks for any other callable is refused by name, never run', async () => {
  const asked: [string, string][] = [['os', 'system'], ['builtins', 'eval'], ['subprocess', 'Popen'], ['torch', 'load'], ['numpy.core.multiarray', '_reconstruct']];
  for (const [module, name] of asked) {
    const pickle = cat(PROTO, `c${module}\n${name}\n`, '(', str('echo owned'), 'tR', STOP);
    await refused(archive(pickle), new RegExp(`asks for the Python callable ${module.replace('.', '\\.')}\\.${name}`));
  }
  // The same by STACK_GLOBAL (protocol 4), which takes its names from the stack.
  await refused(archive(cat([0x80, 0x04], str('os'), str('system'), [0x93], '(', str('x'), 'tR', STOP)), /os\.system/);
  // An allowed name may still not be called in ways PyTorch never does.
  await refused(archive(cat(PROTO, 'c__torch__\nM\n', '(tR', STOP)), /may not be called/);
  await refused(archive(cat(PROTO, 'ctorch._utils\n_rebuild_tensor_v2\n)', [0x81], STOP)), /may not be instantiated/);
});

test('None and False can be memoised and fetched again, as any value', async () => {
  // {'a': None, 'b': <memo of None>, 'c': False, 'd': <memo of False>}
  const pickle = cat(PROTO, '}(', str('a'), 'Nq\x00', str('b'), 'h\x00', str('c'), [0x89], 'q\x01', str('d'), 'h\x01', 'u', STOP);
  const checkpoint = await readAll(archive(pickle));
  assert.deepEqual([...(checkpoint.root as Map<string, unknown>)], [['a', null], ['b', null], ['c', false], ['d', false]]);
});

test('containers nested deeper than a checkpoint needs are refused', async () => {
  const depth = 5000;
  const pickle = cat(PROTO, ']'.repeat(depth), 'a'.repeat(depth - 1), STOP);
  await refused(archive(pickle), /nested more than 100 deep/);
  // A list put into itself has no depth at all; it is refused too, not walked forever.
  await refused(archive(cat(PROTO, ']q\x00h\x00a', STOP)), /nest(ed)? more than 100 deep/);
});

test('huge declared sizes are refused before anything is allocated', async () => {
  // A string of 2^40 bytes declared in an 80-byte pickle.
  await refused(archive(cat(PROTO, [0x8d, 0, 0, 0, 0, 0, 1, 0, 0], 'x', STOP)), /declares 1099511627776 bytes/);
  await refused(archive(cat(PROTO, [0x8b], u32(0x7fffffff), STOP)), /integer 2147483647 bytes long/);
  // A storage claiming more values than its bytes, a tensor reaching past its storage, an absurd shape.
  await refused(archive(tensorPickle(1 << 30, 0, [2], [1])), /declares 1073741824 values, more than its 16 bytes hold/);
  await refused(archive(tensorPickle(4, 1, [2, 2], [2, 1])), /reaches element 4 of a 4-element storage/);
  await refused(archive(tensorPickle(4, 0, [100000, 100000], [0, 0])), /more than OriginLens reads in one tensor/);
  // The zip's own sizes: an entry and a directory larger than the file.
  const big = archive(tensorPickle(4, 0, [2, 2], [2, 1]));
  const dirAt = new DataView(big.buffer).getUint32(big.length - 6, true);
  const entrySize = big.slice();
  new DataView(entrySize.buffer).setUint32(dirAt + 20, 0xfffffff0, true);
  new DataView(entrySize.buffer).setUint32(dirAt + 24, 0xfffffff0, true);
  await refused(entrySize, /declares 4294967280 bytes, more than the archive holds/);
  const dirSize = big.slice();
  new DataView(dirSize.buffer).setUint32(dirSize.length - 10, 0x7ffffff0, true);
  await refused(dirSize, /directory/);
  const count = big.slice();
  new DataView(count.buffer).setUint16(count.length - 12, 0xfff0, true);
  await refused(count, /cut short or damaged/);
});

test('a safetensors header that lies about its sizes is refused', async () => {
  const header = (json: string, data = 0, declared?: number): Uint8Array => {
    const text = enc.encode(json);
    const out = new Uint8Array(8 + text.length + data);
    new DataView(out.buffer).setUint32(0, declared ?? text.length, true);
    out.set(text, 8);
    return out;
  };
  await refused(header('{"a":1}', 0, 0xfffffff0), /beyond the format's limit/);
  await refused(header('{"a":', 0, 90), /holds \d+ bytes \(truncated\?\)/);
  await refused(header('{"w":{"dtype":"F32","shape":[1000000],"data_offsets":[0,4000000]}}', 16), /beyond the end of the file/);
  await refused(header('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', 16), /4 bytes for 2 F32 values/);
  await refused(header('{"w":{"dtype":"C64","shape":[2],"data_offsets":[0,16]}}', 16), /unsupported type C64/);
  await refused(header('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', 16), /dimension -1/);
});

test('wrong magic, an empty file and the old bare-pickle format are named', async () => {
  await refused(new Uint8Array(0), /it is empty/);
  await refused(enc.encode('<html>not found</html>'), /neither a PyTorch zip archive nor a safetensors file \(it starts with 3c 68 74 6d/);
  await refused(cat([0x80, 0x02, 0x8a, 0x0a], 'legacy'), /bare pickle \(PyTorch's format before version 1\.6\)/);
  const noPickle = storedZip({ 'a/readme.txt': 'hello' });
  await refused(noPickle, /not a PyTorch checkpoint \(no data\.pkl in it\)/);
});

test('a real checkpoint cut short anywhere is refused with a CheckpointError', async () => {
  for (let length = 0; length < stateDict.length; length += 37) {
    await assert.rejects(readAll(stateDict.subarray(0, length)), CheckpointError, `cut at ${length} bytes`);
  }
});

test('random damage to a real checkpoint reads or is refused, never anything else', async () => {
  const random = rng(3);
  let refusedCount = 0;
  for (let trial = 0; trial < 400; trial++) {
    const bytes = stateDict.slice();
    for (let k = 0; k < 1 + (trial % 4); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    try {
      await readAll(bytes);
    } catch (e) {
      assert.ok(e instanceof CheckpointError, `trial ${trial}: ${String(e)}`);
      refusedCount++;
    }
  }
  assert.ok(refusedCount > 0, 'some damage is noticed');
});
