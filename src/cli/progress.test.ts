import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress } from './progress';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => (writes.push(s), true) } };
}

test('without a terminal, prints one line per tenth and a summary', () => {
  const { writes, stream } = sink(false);
  let t = 0;
  const p = createProgress('model', 100 * 1024 * 1024, { unit: 'bytes', stream, now: () => t });
  for (let i = 0; i < 100; i++) {
    t += 100;
    p.tick(1024 * 1024);
  }
  p.done();
  p.done();
  assert.equal(writes.length, 10, writes.join(''));
  assert.ok(writes.every((w) => w.endsWith('\n') && !w.includes('\r')));
  assert.match(writes[0] ?? '', /^model {2}10\.0 MB \/ 100\.0 MB {2}10% {2}10\.0 MB\/s/);
  assert.match(writes[8] ?? '', /90%/);
  assert.match(writes[9] ?? '', /^model {2}100\.0 MB \/ 100\.0 MB in 10\.0 s {2}\(10\.0 MB\/s\)\n$/);
});

test('on a terminal, redraws in place at most ten times a second', () => {
  const { writes, stream } = sink(true);
  let t = 0;
  const p = createProgress('images', 300, { stream, now: () => t, unit: 'images' });
  for (let i = 0; i < 50; i++) p.tick();
  t = 150;
  p.tick(100);
  p.done('extracted 150 images');
  // The first draw, one after 150 ms, and the final line.
  assert.equal(writes.length, 3, JSON.stringify(writes));
  assert.ok(writes.slice(0, 2).every((w) => w.startsWith('\r') && w.endsWith('\x1b[K')));
  assert.match(writes[1] ?? '', /images {2}150 \/ 300 images {2}50% {2}1000\.0 images\/s {2}\[#+-+\]/);
  assert.equal(writes[2], '\rextracted 150 images\x1b[K\n');
});

test('a download that starts over reports its tenths again, and resumed bytes are not speed', () => {
  const { writes, stream } = sink(false);
  let t = 0;
  const p = createProgress('m', 1000, { unit: 'bytes', stream, now: () => t, initial: 500 });
  t = 1000;
  p.set(600);
  assert.match(writes[0] ?? '', /60% {2}100 B\/s/);
  p.set(0);
  p.set(650);
  assert.equal(writes.length, 2);
  assert.match(writes[1] ?? '', /65%/);
});

test('an unknown total shows a count and no percentage', () => {
  const { writes, stream } = sink(true);
  const p = createProgress('files', 0, { stream, now: () => 0 });
  p.tick(3);
  p.done();
  assert.doesNotMatch(writes.join(''), /%/);
  assert.match(writes.at(-1) ?? '', /files {2}3 items in 0\.0 s/);
});
