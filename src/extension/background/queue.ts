// The queue's state lives in storage.session (it outlives a stopped service worker, not the browser
// session); this module serialises changes to it and keeps, in memory only, the promises of the callers
// waiting for a job. Those die with the worker, which is fine: their message channels die with it too,
// and the jobs themselves carry on when the worker comes back.
import { CodedError } from '../shared/errors';
import { browser } from '../shared/browser-api';
import type { VerdictRecord } from '../shared/protocol';
import * as state from './queue-state';
import type { Job, QueueDoc } from './queue-state';

const KEY = 'queue';

interface Waiter {
  resolve: (record: VerdictRecord) => void;
  reject: (error: Error) => void;
}

const waiters = new Map<string, Waiter[]>();
let chain: Promise<unknown> = Promise.resolve();

async function read(): Promise<QueueDoc> {
  const stored = await browser.storage.session.get(KEY);
  return state.parseQueue(stored[KEY]);
}

/** Runs one read-modify-write of the stored queue at a time. */
function change<R>(update: (doc: QueueDoc) => { doc: QueueDoc; result: R }): Promise<R> {
  const run = chain.then(async () => {
    const { doc, result } = update(await read());
    await browser.storage.session.set({ [KEY]: doc });
    return result;
  });
  chain = run.catch(() => undefined);
  return run;
}

export class JobCancelled extends CodedError {
  override name = 'JobCancelled';
}

function settle(job: Job, outcome: { record: VerdictRecord } | { error: Error }): void {
  const list = waiters.get(job.key) ?? [];
  waiters.delete(job.key);
  for (const w of list) {
    if ('record' in outcome) w.resolve(outcome.record);
    else w.reject(outcome.error);
  }
}

/** Queues a job (or joins the same one) and returns its verdict once a worker loop has made it. */
export async function enqueueAndWait(request: Parameters<typeof state.enqueue>[1], onQueued: () => void): Promise<VerdictRecord> {
  const { job, dropped } = await change((doc) => {
    const result = state.enqueue(doc, request);
    return { doc: result.doc, result };
  });
  for (const d of dropped) settle(d, { error: new JobCancelled('dropped', 'dropped: too many images waiting') });
  const done = new Promise<VerdictRecord>((resolve, reject) => {
    waiters.set(job.key, [...(waiters.get(job.key) ?? []), { resolve, reject }]);
  });
  onQueued();
  return done;
}

export function takeJob(): Promise<Job | undefined> {
  return change((doc) => {
    const { doc: next, job } = state.take(doc);
    return { doc: next, result: job };
  });
}

export async function finishJob(job: Job, outcome: { record: VerdictRecord } | { error: Error }): Promise<void> {
  await change((doc) => ({ doc: state.finish(doc, job.id), result: undefined }));
  settle(job, outcome);
}

export async function cancelTab(tab: number): Promise<number> {
  const cancelled = await change((doc) => {
    const result = state.cancelTab(doc, tab);
    return { doc: result.doc, result: result.cancelled };
  });
  for (const job of cancelled) settle(job, { error: new JobCancelled('cancelled', 'cancelled: the page went away') });
  return cancelled.length;
}

/** On worker start: jobs that were running when the worker stopped go back to the front. */
export function recoverQueue(): Promise<number> {
  return change((doc) => ({ doc: state.recover(doc), result: doc.running.length + doc.queued.length }));
}

export async function queueSnapshot(): Promise<QueueDoc> {
  await chain;
  return read();
}
