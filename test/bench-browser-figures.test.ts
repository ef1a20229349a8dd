// The browser sections' arithmetic, without a browser: which trace events count as the content script's
// main-thread time and how they group into tasks, and the names and values of the cache figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheFigures } from '../build/bench/browser-cache';
import { contentScriptTasks, contentScriptThreadMs, discoveryFigures, type TraceEvent } from '../build/bench/browser-discovery';

const SCRIPT = 'chrome-extension://abc/content.js';
const meta = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
const slice = (name: string, ts: number, ms: number, url?: string, tid = 1, threadMs = ms): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur: ms * 1000,
  tdur: threadMs * 1000,
  pid: 7,
  tid,
  ...(url === undefined ? {} : { args: { data: { url } } }),
});

test('content-script time is summed per main-thread task, nested events once, other scripts and threads not at all', () => {
  const events = [
    meta(7, 1, 'CrRendererMain'),
    meta(7, 2, 'Compositor'),
    slice('RunTask', 0, 20),
    slice('FunctionCall', 1_000, 5, SCRIPT, 1, 4),
    slice('FunctionCall', 2_000, 2, SCRIPT), // inside the one above
    slice('FunctionCall', 7_000, 3, SCRIPT, 1, 1), // same task
    slice('FunctionCall', 12_000, 4, 'https://page.example/app.js'),
    slice('RunTask', 30_000, 10),
    slice('TimerFire', 31_000, 6, SCRIPT, 1, 2),
    slice('FunctionCall', 31_000, 1, SCRIPT, 2), // another thread
  ];
  assert.deepEqual(contentScriptTasks(events, SCRIPT), [8, 6]);
  // Thread time of the same events: the machine's load stretched their wall time.
  assert.equal(contentScriptThreadMs(events, SCRIPT), 7);
});

test('discovery figures: main-thread time per 1,000 images and the longest task, medians over runs', () => {
  const figures = discoveryFigures([
    { images: 2000, taskMs: [10, 30], threadMs: 30, wallMs: 900 },
    { images: 2000, taskMs: [20, 40, 60], threadMs: 100, wallMs: 1000 },
    { images: 2000, taskMs: [5, 5], threadMs: 8, wallMs: 1100 },
  ]);
  const value = (name: string) => figures.find((f) => f.name === `browser/content/discover-queue/${name}`)?.median;
  assert.equal(value('main-thread-per-1000'), 20);
  assert.equal(value('thread-time-per-1000'), 15);
  assert.equal(value('longest-task'), 30);
  assert.equal(value('tasks'), 2);
  assert.equal(value('wall'), 1000);
});

test('cache figures: p50 and p99 of each look-up, with what was stored', () => {
  const byUrl = Array.from({ length: 100 }, (_, i) => i + 1);
  const byHash = Array.from({ length: 100 }, (_, i) => (i + 1) / 10);
  const figures = cacheFigures({ fillMs: 1234, byUrl, byHash }, 100_000);
  assert.deepEqual(
    figures.map((f) => [f.name, f.median]),
    [
      ['browser/cache/by-url/p50', 50],
      ['browser/cache/by-url/p99', 99],
      ['browser/cache/by-hash/p50', 5],
      ['browser/cache/by-hash/p99', 9.9],
      ['browser/cache/fill', 1234],
    ],
  );
  assert.ok(figures.every((f) => f.note?.startsWith('100,000 verdicts stored')));
});
