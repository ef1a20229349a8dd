// The content script's main-thread time to discover and queue the images of a page, measured with
// Chromium's own tracing (the DevTools protocol's Tracing domain, the timeline's categories): every task
// of the page's main thread in which the extension's content.js ran, from navigation until each image is
// queued (its badge exists: badges.ts draws one per image that left the "waiting" state). The page shows
// every image on screen and large enough to count, on a site in the auto-badge list: the most work the
// content script can be given, since each image is also observed, seen, queued and badged.
import type { CDPSession } from 'playwright-core';
import { DEFAULT_SETTINGS } from '../../src/extension/shared/settings';
import { call } from '../../test/e2e/support/background';
import type { ExtensionBrowser } from '../../test/e2e/support/browser';
import { pngPicture } from './pictures';
import { median, type Figure } from './report';
import { serve, type Served } from './browser-harness';

const SIDE = 100;
const GAP = 4;
const COLUMNS = 50;

export interface DiscoveryRun {
  images: number;
  /** The trace's events, for a closer look when a figure is off. */
  events?: TraceEvent[];
  cpuProfile?: CpuProfile;
  /** Main-thread milliseconds of content.js in each task it ran in, in order. */
  taskMs: number[];
  /** The thread (CPU) time of the same: unlike the above, hardly stretched when the machine is busy. */
  threadMs: number;
  /** From navigation to the last image queued. */
  wallMs: number;
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time of a complete event. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; scriptName?: string; frame?: string } };
}

/** The trace categories of the timeline, which give every main-thread task with its wall and thread time. */
export const TIMELINE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel', '__metadata'];

/** `version` makes the image URLs new, so that no verdict comes from the cache by URL. */
function pageHtml(count: number, version = ''): string {
  const images = Array.from({ length: count }, (_, i) => `<img src="/img/${i}.png${version}" width="${SIDE}" height="${SIDE}" alt="">`).join('');
  return `<!doctype html><meta charset="utf-8"><title>${count} images</title><style>body{margin:0;display:flex;flex-wrap:wrap;gap:${GAP}px;width:${COLUMNS * (SIDE + GAP)}px}</style>${images}`;
}

/** The discovery page's markup, the viewport that shows all of it, and its images' paths (cpu-share.ts). */
export function discoveryPage(count: number): { html: string; viewport: { width: number; height: number }; imagePaths: string[] } {
  return { html: pageHtml(count), viewport: viewport(count), imagePaths: Array.from({ length: count }, (_, i) => `/img/${i}.png`) };
}

/** Every image on screen at once. */
function viewport(count: number): { width: number; height: number } {
  return { width: COLUMNS * (SIDE + GAP), height: Math.ceil(count / COLUMNS) * (SIDE + GAP) };
}

export async function readTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const complete = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e: { stream?: string }) => resolve(e.stream ?? '')));
  await cdp.send('Tracing.end');
  const stream = await complete;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream });
    text += chunk.base64Encoded === true ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** The page's main-thread events that are content.js's own, outermost only (nested script events are inside them). */
export function outermostOfScript(events: readonly TraceEvent[], scriptUrl: string): { complete: TraceEvent[]; ours: TraceEvent[] } {
  const mainThreads = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`));
  const isOurs = (e: TraceEvent) => (e.args?.data?.url ?? e.args?.data?.scriptName ?? '') === scriptUrl;
  const ours: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of complete.filter(isOurs).sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue; // inside the previous event of ours
    end = e.ts + e.dur!;
    ours.push(e);
  }
  return { complete, ours };
}

/** content.js's thread time, all tasks together. */
export function contentScriptThreadMs(events: readonly TraceEvent[], scriptUrl: string): number {
  return outermostOfScript(events, scriptUrl).ours.reduce((sum, e) => sum + (e.tdur ?? e.dur!) / 1000, 0);
}

/** content.js's time per top-level task of the page's main thread (nested script events counted once). */
export function contentScriptTasks(events: readonly TraceEvent[], scriptUrl: string): number[] {
  const { complete, ours } = outermostOfScript(events, scriptUrl);
  const tasks = complete.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const perTask = new Map<TraceEvent, number>();
  for (const e of ours) {
    const task = tasks.find((t) => t.pid === e.pid && t.tid === e.tid && t.ts <= e.ts && e.ts + e.dur! <= t.ts + t.dur!);
    const key = task ?? e;
    perTask.set(key, (perTask.get(key) ?? 0) + e.dur! / 1000);
  }
  return [...perTask.values()];
}

async function badgeCount(cdp: CDPSession): Promise<number> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: { children?: unknown[]; shadowRoots?: unknown[]; attributes?: string[] } };
  let count = 0;
  const walk = (node: { children?: unknown[]; shadowRoots?: unknown[]; attributes?: string[] }) => {
    const attrs = node.attributes ?? [];
    for (let i = 0; i + 1 < attrs.length; i += 2) if (attrs[i] === 'class' && attrs[i + 1]!.split(' ').includes('badge')) count++;
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child as typeof node);
  };
  walk(root);
  return count;
}

/**
 * A site on 127.0.0.1 showing a page of `count` images, made one of the auto-badge sites. With
 * `holdVerdicts`, the extension's own fetches of the images (the only requests without a referrer) are
 * never answered and every page shows new URLs, so no verdict reaches the page while it is traced: the
 * content script's time is then finding and queueing alone.
 */
export async function discoverySite(browser: ExtensionBrowser, count: number, holdVerdicts = false): Promise<Served> {
  const png = pngPicture(SIDE, SIDE);
  const files: Record<string, { body: Uint8Array | string; type: string }> = { '/page.html': { body: pageHtml(count), type: 'text/html; charset=utf-8' } };
  for (let r = 0; r < 10; r++) files[`/page-${r}.html`] = { body: pageHtml(count, `?page=${r}`), type: 'text/html; charset=utf-8' };
  for (let i = 0; i < count; i++) files[`/img/${i}.png`] = { body: png, type: 'image/png' };
  const site = await serve(files, holdVerdicts ? (req) => req.headers.referer === undefined && req.url?.startsWith('/img/') === true : undefined);
  const settings = await call(browser.worker, 'settings.get', {});
  await call(browser.worker, 'settings.update', { autoBadgeSites: [...DEFAULT_SETTINGS.autoBadgeSites, new URL(site.origin).host], minImageSize: Math.min(settings.minImageSize, SIDE) });
  return site;
}

export interface TraceOptions {
  /** The page of the site to open. */
  path?: string;
  /** Keep the trace's events in the run. */
  keepEvents?: boolean;
  /** Also take a CPU profile of the page (DevTools Profiler, 100 µs sampling): it slows the script down. */
  profile?: boolean;
}

/** A CPU profile as the DevTools protocol's Profiler.stop gives it. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The site's page in a fresh tab, traced until every one of its `count` images is queued. */
export async function traceDiscovery(browser: ExtensionBrowser, site: Served, count: number, options: TraceOptions = {}): Promise<DiscoveryRun> {
  const { path = '/page.html', keepEvents = false, profile = false } = options;
  const page = await browser.context.newPage();
  try {
    await page.setViewportSize(viewport(count));
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Tracing.start', {
      transferMode: 'ReturnAsStream',
      traceConfig: { includedCategories: TIMELINE_CATEGORIES },
    });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const started = performance.now();
    await page.goto(`${site.origin}${path}`);
    const deadline = Date.now() + 120_000;
    while ((await badgeCount(cdp)) < count) {
      if (Date.now() > deadline) throw new Error(`only ${await badgeCount(cdp)} of ${count} images were queued within 120 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const wallMs = performance.now() - started;
    const cpuProfile = profile ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile : undefined;
    const events = await readTrace(cdp);
    const script = `chrome-extension://${browser.extensionId}/content.js`;
    const taskMs = contentScriptTasks(events, script);
    if (taskMs.length === 0) throw new Error('the trace shows no task of the content script');
    return { images: count, taskMs, threadMs: contentScriptThreadMs(events, script), wallMs, ...(keepEvents ? { events } : {}), ...(cpuProfile ? { cpuProfile } : {}) };
  } finally {
    await page.close();
  }
}

export function discoveryFigures(runs: readonly DiscoveryRun[], kind = 'discover-queue', condition = 'verdicts arriving meanwhile'): Figure[] {
  const per1000 = runs.map((r) => (r.taskMs.reduce((a, b) => a + b, 0) * 1000) / r.images);
  const longest = runs.map((r) => Math.max(...r.taskMs));
  const tasks = runs.map((r) => r.taskMs.length);
  const images = runs[0]!.images;
  return [
    { name: `browser/content/${kind}/main-thread-per-1000`, median: median(per1000), unit: 'ms', runs: runs.length, note: `${images} images on screen, ${condition}; target ≤ 50 ms per 1,000` },
    {
      name: `browser/content/${kind}/thread-time-per-1000`,
      median: median(runs.map((r) => (r.threadMs * 1000) / r.images)),
      unit: 'ms',
      runs: runs.length,
      note: 'CPU time of the same tasks: their main-thread time less the time the thread was not running on a core',
    },
    { name: `browser/content/${kind}/longest-task`, median: median(longest), unit: 'ms', runs: runs.length, note: 'longest main-thread task of the content script; target < 50 ms' },
    { name: `browser/content/${kind}/tasks`, median: median(tasks), unit: 'tasks', runs: runs.length },
    { name: `browser/content/${kind}/wall`, median: median(runs.map((r) => r.wallMs)), unit: 'ms', runs: runs.length, note: 'navigation to the last image queued, polled every 200 ms' },
  ];
}
