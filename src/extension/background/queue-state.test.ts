import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cancelTab, EMPTY_QUEUE, enqueue, finish, MAX_QUEUED, MAX_QUEUED_DATA, parseQueue, QueueFull, recover, take, type QueueDoc } from './queue-state';
import type { Priority } from '../shared/protocol';

const add = (doc: QueueDoc, url: string, priority: Priority = 'background', tab = 1) => enqueue(doc, { url, encoder: 'e', head: 'h', priority, tab }).doc;

test('the most urgent job goes first, first come first served within a priority', () => {
  let doc = add(add(add(add(EMPTY_QUEUE, 'a'), 'b', 'visible'), 'c'), 'd', 'click');
  const order: string[] = [];
  for (let next = take(doc); next.job; next = take(doc)) {
    order.push(next.job.url);
    doc = finish(next.doc, next.job.id);
  }
  assert.deepEqual(order, ['d', 'b', 'a', 'c']);
});

test('asking again for a queued image joins its job and can raise its priority', () => {
  const doc = add(add(add(EMPTY_QUEUE, 'a', 'background', 1), 'b', 'visible', 1), 'a', 'visible', 2);
  assert.equal(doc.queued.length, 2);
  assert.deepEqual(doc.queued[0], { ...doc.queued[0]!, priority: 'visible', tabs: [1, 2] });
  assert.equal(take(doc).job?.url, 'a', 'same priority as b, and older');
});

test('the queue is bounded: the least urgent, oldest job is dropped', () => {
  let doc = add(EMPTY_QUEUE, 'old-background', 'background');
  for (let i = 0; i < MAX_QUEUED - 1; i++) doc = add(doc, `v${i}`, 'visible');
  const result = enqueue(doc, { url: 'new', encoder: 'e', head: 'h', priority: 'visible', tab: 1 });
  assert.equal(result.doc.queued.length, MAX_QUEUED);
  assert.deepEqual(result.dropped.map((j) => j.url), ['old-background']);
});

test('few data: URL jobs wait at once, as they carry their bytes', () => {
  let doc = EMPTY_QUEUE;
  for (let i = 0; i < MAX_QUEUED_DATA; i++) doc = add(doc, `data:image/png;base64,${i}`);
  assert.throws(() => add(doc, 'data:image/png;base64,x'), QueueFull);
  assert.doesNotThrow(() => add(doc, 'https://a.example/x.png'));
});

test('cancelling a tab drops the jobs only it waits for, and leaves others its share', () => {
  const doc = add(add(add(EMPTY_QUEUE, 'mine', 'visible', 1), 'shared', 'visible', 1), 'shared', 'visible', 2);
  const { doc: after, cancelled } = cancelTab(doc, 1);
  assert.deepEqual(cancelled.map((j) => j.url), ['mine']);
  assert.deepEqual(after.queued.map((j) => [j.url, j.tabs]), [['shared', [2]]]);
});

test('a job that was running when the worker stopped runs again first', () => {
  const taken = take(add(add(EMPTY_QUEUE, 'a', 'visible'), 'b', 'click'));
  assert.equal(taken.job?.url, 'b');
  const stored = parseQueue(JSON.parse(JSON.stringify(taken.doc)));
  const recovered = recover(stored);
  assert.deepEqual(recovered.running, []);
  assert.equal(take(recovered).job?.url, 'b');
});

test('whatever storage holds is read defensively', () => {
  assert.deepEqual(parseQueue(undefined), EMPTY_QUEUE);
  const doc = parseQueue({ nextId: 5, queued: [{ id: 1 }, 'x'], running: null });
  assert.deepEqual(doc, { nextId: 5, queued: [], running: [] });
});
