// Asking the background for verdicts, one request per URL whichever elements show it. Images on screen go
// first ("visible"); others only after the person asked for every image ("background"). A few requests are
// in flight at a time (each holds a message channel open until its verdict exists); the rest wait here, so
// that an image that scrolled away before its turn is simply not asked for.
import { RETRYABLE } from '../shared/errors';
import { RemoteError, send } from '../shared/messaging';
import type { ContentPriority } from '../shared/protocol';
import { errorRecord } from '../shared/verdicts';
import { sendableUrl } from './inline-image';
import type { Page } from './page';

const IN_FLIGHT: Record<ContentPriority, number> = { visible: 12, background: 4 };
/** Embedded images carry their bytes; the background keeps only a few of them queued at once. */
const IN_FLIGHT_EMBEDDED = 2;
const RETRY_MS = 2000;

export interface Requests {
  want(urls: Iterable<string>, options?: { everything?: boolean; shown?: boolean }): number;
}

export function init(signal: AbortSignal, page: Page): Requests {
  const { registry } = page;
  const waiting: string[] = [];
  const flying: Record<ContentPriority, number> = { visible: 0, background: 0 };
  let embedded = 0;
  /** URLs asked for at background priority ("attribute all"); without any, the background pass has nothing to do. */
  let everything = 0;
  let pumpQueued = false;

  const onScreen = (url: string) => registry.showing(url).some((i) => i.visible && i.big);
  const priorityOf = (url: string): ContentPriority | undefined => (onScreen(url) ? 'visible' : registry.entry(url).everything ? 'background' : undefined);
  const isEmbedded = (url: string) => url.startsWith('blob:') || url.startsWith('data:');

  async function ask(url: string, priority: ContentPriority): Promise<void> {
    flying[priority]++;
    if (isEmbedded(url)) embedded++;
    try {
      const record = await send('background', 'image.attribute', { url: await sendableUrl(url, signal), priority });
      if (!signal.aborted) registry.settle(url, { state: 'done', record });
    } catch (error) {
      if (signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      // The background dropped or cancelled the job (its queue was full, or the page went away), or was
      // busy: ask again later. Anything else is this image's answer.
      if (!(error instanceof RemoteError && RETRYABLE.has(error.code))) {
        registry.settle(url, { state: 'done', record: errorRecord(message) });
      } else {
        registry.settle(url, { state: 'waiting' });
        setTimeout(() => want([url]), RETRY_MS);
      }
    } finally {
      flying[priority]--;
      if (isEmbedded(url)) embedded--;
      pumpSoon();
    }
  }

  /**
   * One pump for everything asked in the same task: the images that come into view together arrive one
   * want() each, and a pump per image would walk the waiting list once per image (quadratic on a feed).
   */
  function pumpSoon(): void {
    if (pumpQueued) return;
    pumpQueued = true;
    queueMicrotask(() => {
      pumpQueued = false;
      pump();
    });
  }

  function pump(): void {
    if (signal.aborted) return;
    // Visible first: one pass for each priority, in the order the images were asked for. The background
    // pass walks the whole list; it is skipped while nothing was asked for at background priority.
    for (const pass of everything > 0 ? (['visible', 'background'] as const) : (['visible'] as const)) {
      for (let i = 0; i < waiting.length && flying[pass] < IN_FLIGHT[pass]; ) {
        const url = waiting[i]!;
        const priority = priorityOf(url);
        if (priority === undefined) {
          // Scrolled away before its turn: not asked for; it will be when it comes back into view.
          waiting.splice(i, 1);
          registry.settle(url, { state: 'waiting' });
        } else if (priority === pass && !(isEmbedded(url) && embedded >= IN_FLIGHT_EMBEDDED)) {
          waiting.splice(i, 1);
          void ask(url, priority);
        } else {
          i++;
        }
      }
    }
  }

  function want(urls: Iterable<string>, options: { everything?: boolean; shown?: boolean } = {}): number {
    let queued = 0;
    for (const url of urls) {
      const entry = registry.entry(url);
      if (options.everything && !entry.everything) {
        entry.everything = true;
        everything++;
      }
      if (options.shown) entry.shown = true;
      if (entry.state !== 'waiting' || priorityOf(url) === undefined) continue;
      waiting.push(url);
      queued++;
      registry.settle(url, { state: 'queued' });
    }
    pumpSoon();
    return queued;
  }

  return { want };
}
