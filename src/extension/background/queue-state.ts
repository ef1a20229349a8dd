// The attribution queue as plain data, so it can live in chrome.storage.session and survive the service
// worker being stopped. These functions are pure: queue.ts persists their results.
import { CodedError } from '../shared/errors';
import { PRIORITIES, type Priority } from '../shared/protocol';

export interface Job {
  id: number;
  /** What identifies the work: the same URL for the same encoder and head is one job, whoever asked. */
  key: string;
  url: string;
  encoder: string;
  head: string;
  /** For a provenance-only job (empty encoder): the verdict's sentence, why no model runs. */
  reason?: string;
  priority: Priority;
  /** Tabs waiting for it; a job no tab waits for is dropped. -1 stands for "no tab" (extension pages). */
  tabs: number[];
}

export interface QueueDoc {
  nextId: number;
  queued: Job[];
  /** Taken but not finished: put back at the front if the worker stops before finishing it. */
  running: Job[];
}

export const EMPTY_QUEUE: QueueDoc = { nextId: 1, queued: [], running: [] };

/** Most jobs waiting at once; beyond it the least urgent, oldest job is dropped. */
export const MAX_QUEUED = 500;
/** data: URL jobs carry their bytes in the queue, which storage.session bounds (10 MB): few at a time. */
export const MAX_QUEUED_DATA = 4;

const rank = (p: Priority) => PRIORITIES.indexOf(p);

export function jobKey(url: string, encoder: string, head: string): string {
  return `${encoder}\u0000${head}\u0000${url}`;
}

export interface Enqueued {
  doc: QueueDoc;
  job: Job;
  /** Jobs pushed out to keep the bound; their waiters are told. */
  dropped: Job[];
}

export class QueueFull extends CodedError {
  override name = 'QueueFull';
}

export function enqueue(doc: QueueDoc, request: { url: string; encoder: string; head: string; reason?: string; priority: Priority; tab: number }): Enqueued {
  const key = jobKey(request.url, request.encoder, request.head);
  const running = doc.running.find((j) => j.key === key);
  if (running) {
    const job = { ...running, tabs: union(running.tabs, request.tab) };
    return { doc: { ...doc, running: doc.running.map((j) => (j.key === key ? job : j)) }, job, dropped: [] };
  }
  const existing = doc.queued.find((j) => j.key === key);
  if (existing) {
    const priority = rank(request.priority) < rank(existing.priority) ? request.priority : existing.priority;
    const job = { ...existing, priority, tabs: union(existing.tabs, request.tab) };
    return { doc: { ...doc, queued: doc.queued.map((j) => (j.key === key ? job : j)) }, job, dropped: [] };
  }
  if (request.url.startsWith('data:') && doc.queued.filter((j) => j.url.startsWith('data:')).length >= MAX_QUEUED_DATA) {
    throw new QueueFull('busy', 'too many embedded images are waiting; try again in a moment');
  }
  const job: Job = {
    id: doc.nextId,
    key,
    url: request.url,
    encoder: request.encoder,
    head: request.head,
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    priority: request.priority,
    tabs: [request.tab],
  };
  let queued = [...doc.queued, job];
  const dropped: Job[] = [];
  while (queued.length > MAX_QUEUED) {
    const victim = leastUrgent(queued);
    dropped.push(victim);
    queued = queued.filter((j) => j !== victim);
  }
  return { doc: { ...doc, nextId: doc.nextId + 1, queued }, job, dropped };
}

function union(tabs: number[], tab: number): number[] {
  return tabs.includes(tab) ? tabs : [...tabs, tab];
}

/** The lowest priority, and among those the oldest: on a feed, what has long scrolled away. */
function leastUrgent(jobs: Job[]): Job {
  return jobs.reduce((worst, j) => (rank(j.priority) > rank(worst.priority) || (rank(j.priority) === rank(worst.priority) && j.id < worst.id) ? j : worst));
}

/** The most urgent job, first come first served within a priority; it moves to `running`. */
export function take(doc: QueueDoc): { doc: QueueDoc; job?: Job } {
  if (doc.queued.length === 0) return { doc };
  const job = doc.queued.reduce((best, j) => (rank(j.priority) < rank(best.priority) || (rank(j.priority) === rank(best.priority) && j.id < best.id) ? j : best));
  return { doc: { ...doc, queued: doc.queued.filter((j) => j !== job), running: [...doc.running, job] }, job };
}

export function finish(doc: QueueDoc, id: number): QueueDoc {
  return { ...doc, running: doc.running.filter((j) => j.id !== id) };
}

/** Removes a tab from every queued job; jobs no other tab waits for are dropped. Running jobs finish. */
export function cancelTab(doc: QueueDoc, tab: number): { doc: QueueDoc; cancelled: Job[] } {
  const cancelled: Job[] = [];
  const queued: Job[] = [];
  for (const job of doc.queued) {
    if (!job.tabs.includes(tab)) queued.push(job);
    else if (job.tabs.length === 1) cancelled.push(job);
    else queued.push({ ...job, tabs: job.tabs.filter((t) => t !== tab) });
  }
  return { doc: { ...doc, queued }, cancelled };
}

/** After the worker restarted: what was running did not finish, so it goes first again. */
export function recover(doc: QueueDoc): QueueDoc {
  return { ...doc, queued: [...doc.running, ...doc.queued], running: [] };
}

/** Reads a stored document defensively: storage may hold an older shape or nothing. */
export function parseQueue(raw: unknown): QueueDoc {
  if (typeof raw !== 'object' || raw === null) return EMPTY_QUEUE;
  const doc = raw as Partial<QueueDoc>;
  const jobs = (v: unknown): Job[] => (Array.isArray(v) ? v.filter(isJob) : []);
  const nextId = typeof doc.nextId === 'number' && Number.isSafeInteger(doc.nextId) ? doc.nextId : 1;
  return { nextId, queued: jobs(doc.queued), running: jobs(doc.running) };
}

function isJob(v: unknown): v is Job {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  return (
    typeof j.id === 'number' &&
    typeof j.key === 'string' &&
    typeof j.url === 'string' &&
    typeof j.encoder === 'string' &&
    typeof j.head === 'string' &&
    (j.reason === undefined || typeof j.reason === 'string') &&
    (PRIORITIES as readonly unknown[]).includes(j.priority) &&
    Array.isArray(j.tabs) &&
    j.tabs.every((t) => typeof t === 'number')
  );
}
