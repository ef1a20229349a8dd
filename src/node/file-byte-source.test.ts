import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openCheckpoint } from '../engine/checkpoint';
import { openFileSource } from './file-byte-source';

test('a checkpoint opened from disk reads through the file handle, as from memory', async () => {
  const source = await openFileSource(fileURLToPath(new URL('../../test/fixtures/checkpoints/torchscript.pt', import.meta.url)));
  try {
    const checkpoint = await openCheckpoint(source, 'torchscript.pt');
    assert.equal(checkpoint.format, 'torchscript');
    assert.deepEqual(checkpoint.tensors.get('inner.proj')?.shape, [3, 2]);
    assert.equal((await checkpoint.tensors.get('scale')!.readFloat32()).length, 2);
  } finally {
    await source.close();
  }
});
