// The extension's install path refuses a model file whose SHA-256 is not the one its entry pins, even under
// the right name and with the right size: a verdict is only as trustworthy as the weights that made it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parseModelEntry } from '../../engine/models/registry';
import { installEncoder, installHashed } from './model-store';

const ENTRY = 'models/test/clip-tiny.json';

test('a model file whose SHA-256 does not match its entry is refused before anything is stored', async () => {
  const entry = parseModelEntry(JSON.parse(await readFile(ENTRY, 'utf8')), ENTRY);
  const bytes = new Uint8Array(await readFile(`models/test/${entry.file}`));
  // One bit changed somewhere in the weights: same name, same size, other model.
  bytes[bytes.length >> 1]! ^= 1;
  await assert.rejects(installEncoder(entry, bytes), /does not match the pinned/);
  // A download cut short is refused the same way, whatever its bytes.
  await assert.rejects(installEncoder(entry, bytes.subarray(0, 1000)), /1000 bytes, but its entry says/);
});

test('a made encoder is refused when its hash as written is not the one its entry gives', async () => {
  const entry = parseModelEntry(JSON.parse(await readFile(ENTRY, 'utf8')), ENTRY);
  const bytes = new Uint8Array(await readFile(`models/test/${entry.file}`));
  await assert.rejects(installHashed(entry, { file: bytes, sha256: '0'.repeat(64) }), /is not the one its entry describes/);
  await assert.rejects(installHashed(entry, { file: bytes.subarray(1), sha256: entry.sha256 }), /is not the one its entry describes/);
});
