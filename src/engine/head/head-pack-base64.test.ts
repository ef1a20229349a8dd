import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFloat32Base64, encodeFloat32Base64 } from './head-pack';

test('float32 base64 is standard base64 of the little-endian bytes, with padding, and round-trips', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 101]) {
    const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 1e3);
    const text = encodeFloat32Base64(values);
    assert.equal(text, Buffer.from(values.buffer).toString('base64'), `${n} floats`);
    assert.deepEqual(Array.from(decodeFloat32Base64(text)), Array.from(values));
  }
  // A view into a larger buffer encodes only its own bytes.
  const big = Float32Array.of(1, 2, 3, 4);
  assert.equal(encodeFloat32Base64(big.subarray(1, 3)), Buffer.from(Float32Array.of(2, 3).buffer).toString('base64'));
});
