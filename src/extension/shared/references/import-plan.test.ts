import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeFloat32Base64 } from '../../../engine/head/head-pack';
import { findConflicts, parseReferenceFile, planImport, ReferenceFileError } from './import-plan';
import { REFERENCE_FORMAT, REFERENCE_VERSION } from './types';

const sha = (c: string) => c.repeat(64);
const thumb = 'data:image/png;base64,iVBORw0KGgo=';
const file = (examples: { hash: string; label: string }[], encoderSha = sha('a')) => ({
  format: REFERENCE_FORMAT,
  version: REFERENCE_VERSION,
  encoder: { id: 'enc', sha256: encoderSha },
  exportedAt: '2026-01-01T00:00:00.000Z',
  examples: examples.map((e) => ({ ...e, thumbnail: thumb, addedAt: 1, features: { embedding: encodeFloat32Base64(Float32Array.of(1, 0)) } })),
});
const mine = (labels: [string, string][]) => ({ encoder: { id: 'enc', sha256: sha('a') }, labels: new Map(labels) });

test('a file is checked field by field', () => {
  assert.throws(() => parseReferenceFile({ format: 'x' }), ReferenceFileError);
  assert.throws(() => parseReferenceFile({ ...file([]), version: 2 }), /version 2/);
  assert.throws(() => parseReferenceFile(file([{ hash: 'nope', label: 'A' }])), /hash/);
  assert.throws(() => parseReferenceFile(file([{ hash: sha('1'), label: 'bad\u0007name' }])), /label/);
  const bad = file([{ hash: sha('1'), label: 'A' }]);
  bad.examples[0]!.thumbnail = 'javascript:alert(1)';
  assert.throws(() => parseReferenceFile(bad), /thumbnail/);
  const parsed = parseReferenceFile(file([{ hash: sha('1'), label: 'A' }]));
  assert.deepEqual(Array.from(parsed.examples[0]!.features.embedding!), [1, 0]);
});

test('conflicts are reported and nothing is planned until the person resolves them', () => {
  const parsed = parseReferenceFile(file([{ hash: sha('1'), label: 'A' }, { hash: sha('2'), label: 'B' }, { hash: sha('3'), label: 'real' }]));
  const me = mine([[sha('1'), 'B'], [sha('9'), 'A'], [sha('8'), 'real']]);
  const conflicts = findConflicts(parsed, me);
  assert.deepEqual(conflicts.classes, ['A', 'B'], '"real" never clashes');
  assert.deepEqual(conflicts.examples, [{ hash: sha('1'), mine: 'B', theirs: 'A' }]);
  assert.ok('conflicts' in planImport(parsed, me, undefined));
  const kept = planImport(parsed, me, { classes: 'merge', examples: 'keep' });
  assert.ok(!('conflicts' in kept) && kept.added === 2 && kept.skipped === 1 && kept.relabelled === 0);
  const renamed = planImport(parsed, me, { classes: 'rename', examples: 'replace' });
  assert.ok(!('conflicts' in renamed));
  assert.deepEqual(renamed.write.map((e) => e.label), ['A (imported)', 'B (imported)', 'real']);
  assert.equal(renamed.relabelled, 1);
});

test('features of other encoder weights are refused whatever the resolution', () => {
  const parsed = parseReferenceFile(file([{ hash: sha('1'), label: 'A' }], sha('b')));
  const plan = planImport(parsed, mine([]), { classes: 'merge', examples: 'replace' });
  assert.ok('conflicts' in plan && plan.conflicts.encoder !== undefined);
});
