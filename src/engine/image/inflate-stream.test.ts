import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, inflateSync } from 'node:zlib';
import { useNodeCodecWasm } from '../../node/codec-wasm';
import { decodeImage } from './decode';
import { inflateStream } from './inflate-stream';
import { setPngInflate } from './png-native';
import { fixture } from '../test-support/images';

/** Bytes that compress somewhat but not to nothing, large enough to come out of the stream in many chunks. */
function busyBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, v = 1; i < length; i++) out[i] = v = (v * 17 + (i >> 9)) & 0x3f;
  return out;
}

test('inflates what zlib deflated to the same bytes zlib inflates it to', async () => {
  const data = busyBytes(1_000_000);
  const zlib = deflateSync(data);
  const out = await inflateStream(zlib, data.length);
  assert.equal(out.length, data.length);
  assert.ok(Buffer.from(out.buffer, out.byteOffset, out.length).equals(inflateSync(zlib)), 'the same bytes as zlib');
  assert.ok(Buffer.from(out.buffer, out.byteOffset, out.length).equals(data), 'the bytes deflated');
});

test('stops once the output passes the size the image needs', async () => {
  const zlib = deflateSync(new Uint8Array(5_000_000));
  await assert.rejects(inflateStream(zlib, 1_000_000), /more than 1000000 bytes/);
});

test('rejects a damaged stream', async () => {
  const zlib = deflateSync(busyBytes(100_000));
  const middle = zlib.length >> 1;
  zlib.set([zlib[middle]! ^ 0xff, zlib[middle + 1]! ^ 0x55], middle);
  await assert.rejects(inflateStream(zlib, 100_000));
});

test('with it, the PNG decoder gives every PNG fixture the pixels fast-png gives', async () => {
  const names = ['rgb-640x480.png', 'rgb-300x900.png', 'rgba-320x240.png', 'rgb-333x517.png', 'exif8-240x160.png', 'palette-250x250.png', 'interlaced-97x61.png'];
  try {
    setPngInflate(inflateStream);
    const streamed = await Promise.all(names.map((name) => decodeImage(fixture(name))));
    setPngInflate(undefined);
    for (const [i, name] of names.entries()) assert.deepEqual(streamed[i], await decodeImage(fixture(name)), name);
  } finally {
    useNodeCodecWasm();
  }
});
