import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { sha256Hex, sha256OfBlob } from './hash';
import { Sha256 } from './sha256-stream';

test('SHA-256 in pieces agrees with Node and WebCrypto at every length around the block edges, however the bytes are cut', async () => {
  const bytes = new Uint8Array(1000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
  assert.equal(new Sha256().hex(), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(new Sha256().update(new TextEncoder().encode('abc')).hex(), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  for (const n of [1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 999, 1000]) {
    const data = bytes.subarray(0, n);
    const expected = createHash('sha256').update(data).digest('hex');
    assert.equal(await sha256Hex(data), expected);
    for (const cut of [1, 3, 64, 70]) {
      const h = new Sha256();
      for (let at = 0; at < n; at += cut) h.update(data.subarray(at, Math.min(n, at + cut)));
      assert.equal(h.hex(), expected, `${n} bytes in pieces of ${cut}`);
    }
  }
});

test("a Blob's SHA-256, read a slice at a time, is its bytes' whatever the slice", async () => {
  const bytes = new Uint8Array(300_001).map((_, i) => (i * 31 + (i >> 8)) & 255);
  const want = createHash('sha256').update(bytes).digest('hex');
  for (const slice of [1, 64, 1000, 65_536, 8 * 2 ** 20]) assert.equal(await sha256OfBlob(new Blob([bytes]), slice), want, `slices of ${slice}`);
  assert.equal(await sha256OfBlob(new Blob([])), createHash('sha256').digest('hex'));
});
