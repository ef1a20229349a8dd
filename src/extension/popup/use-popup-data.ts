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
  /** Why the page's images are not known. */
  imagesProblem?: string;
  problem?: string;
}

export const POLL_MS = 1000;

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
