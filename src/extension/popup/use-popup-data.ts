// Everything the popup shows, asked for once and then every second while it is open: the page's images
// (from its content script) with their verdicts as stored, the queue, the engine.
import { useEffect, useState } from 'preact/hooks';
import { browser } from '../shared/browser-api';
import { send, sendToTab } from '../shared/messaging';
import type { EngineStatus, ModelsState, PageImage, QueueState } from '../shared/protocol';
import type { Settings } from '../shared/settings';
import { message } from '../ui/errors';
import { reviveRecord } from '../shared/verdicts';

export interface PopupData {
  models?: ModelsState;
  settings?: Settings;
  engine?: EngineStatus;
  queue?: QueueState;
  /** The tab's page, when it is a web page. */
  pageUrl?: string;
  images?: PageImage[];
  /** The engine host's thumbnails of the images, by image URL. */
  thumbnails?: ReadonlyMap<string, string>;
  /** Why the page's images are not known. */
  imagesProblem?: string;
  problem?: string;
}

export const POLL_MS = 1000;
/** Thumbnails asked for per poll: a feed of thousands fills in over a few seconds, the visible first. */
const THUMBNAILS_PER_POLL = 200;
/** A URL that had no thumbnail (its bytes not linked yet, or not decodable) is asked for again after this long. */
const THUMBNAIL_RETRY_MS = 5000;

/** Thumbnails fetched so far, and when a URL that had none was last asked for: kept while the popup is open. */
const thumbnails = new Map<string, string>();
const askedAt = new Map<string, number>();

/** Asks the background for the thumbnails of the images that have a verdict and no thumbnail here yet. */
async function fetchThumbnails(images: PageImage[]): Promise<void> {
  const now = Date.now();
  const wanted = new Set<string>();
  for (const image of [...images].sort((a, b) => Number(b.visible) - Number(a.visible))) {
    // Error verdicts are of bytes that did not decode (or were never fetched): no picture to show. A blob:
    // URL is the page's own; its bytes reached the engine host as a data: URL the popup does not know.
    if (image.record === undefined || image.record.verdict.kind === 'error' || image.url.startsWith('blob:')) continue;
    if (thumbnails.has(image.url) || now - (askedAt.get(image.url) ?? -Infinity) < THUMBNAIL_RETRY_MS) continue;
    wanted.add(image.url);
    if (wanted.size === THUMBNAILS_PER_POLL) break;
  }
  if (wanted.size === 0) return;
  for (const url of wanted) askedAt.set(url, now);
  const found = await send('background', 'thumbnails.get', { urls: [...wanted] });
  for (const [url, thumbnail] of Object.entries(found)) thumbnails.set(url, thumbnail);
}

/**
 * The page's images with their records as the content script holds them: in their stored form, decided
 * where their inputs changed (shared/judging.ts); the popup shows them and decides nothing. When a
 * threshold moves, the content script is told and asks for every record again.
 */
async function pageImages(tabId: number): Promise<PageImage[]> {
  const images = await sendToTab(tabId, 'page.images', {});
  return images.map((image) => (image.record ? { ...image, record: reviveRecord(image.record) } : image));
}

async function load(tabId: number | undefined): Promise<PopupData> {
  const data: PopupData = {};
  try {
    [data.models, data.settings, data.engine, data.queue] = await Promise.all([
      send('background', 'models.state', {}),
      send('background', 'settings.get', {}),
      send('background', 'engine.status', {}),
      send('background', 'queue.state', {}),
    ]);
  } catch (error) {
    data.problem = message(error);
  }
  if (tabId === undefined) return { ...data, imagesProblem: 'There is no tab to show.' };
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (tab?.url !== undefined && /^https?:/.test(tab.url)) data.pageUrl = tab.url;
  try {
    data.images = await pageImages(tabId);
    // A missing thumbnail costs nothing but its picture: the list is shown without it.
    await fetchThumbnails(data.images).catch(() => undefined);
    data.thumbnails = thumbnails;
  } catch {
    data.imagesProblem = data.pageUrl
      ? 'OriginLens cannot see the images of this page yet. Reload the page and open this again.'
      : 'OriginLens works on web pages (http and https), not on this one.';
  }
  return data;
}

export function usePopupData(tabId: number | undefined): { data: PopupData | undefined; refresh: () => void } {
  const [data, setData] = useState<PopupData>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void load(tabId).then((d) => live && setData(d));
    const timer = setTimeout(() => setTick((t) => t + 1), POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [tabId, tick]);
  return { data, refresh: () => setTick((t) => t + 1) };
}
