// Which images are on screen, and how large they are drawn. The IntersectionObserver reports both without
// forcing a layout; observing an element again makes it report afresh (after its URL or size changed).
import { isBigEnough } from './image-url';
import type { Page } from './page';
import type { Tracked } from './registry';
import { SliceQueue } from './slices';

export interface Visibility {
  observe(img: HTMLImageElement): void;
  /** Reports an observed image afresh (observing it again alone would report nothing). */
  refresh(img: HTMLImageElement): void;
  /** Judges the size of an image anew, as last reported (its own pixels are known once it has loaded). */
  reassess(img: HTMLImageElement): void;
  unobserve(img: HTMLImageElement): void;
}

/** `onSeen` runs for an image that is drawn large enough and has just come into view. */
export function init(signal: AbortSignal, page: Page, onSeen: (url: string) => void): Visibility {
  const { registry, config } = page;
  const report = (image: Tracked, width: number, height: number, visible: boolean) => {
    const big = isBigEnough(image.el, width, height, config.minImageSize);
    // An image reported again after it loaded is most often drawn as before: nothing to tell anyone.
    if (width === image.width && height === image.height && visible === image.visible && big === image.big) return;
    const wasSeen = image.visible && image.big;
    image.width = width;
    image.height = height;
    image.visible = visible;
    image.big = big;
    registry.changed(image);
    if (visible && big && !wasSeen && image.url !== '') onSeen(image.url);
  };
  // A feed coming into view is reported in one call: its images are judged slice by slice (slices.ts).
  const reports = new SliceQueue<IntersectionObserverEntry>((entry) => {
    const image = registry.images.get(entry.target as HTMLImageElement);
    if (image) report(image, entry.boundingClientRect.width, entry.boundingClientRect.height, entry.isIntersecting);
  }, signal);
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) reports.push(entry);
  });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return {
    observe: (img) => observer.observe(img),
    refresh(img) {
      observer.unobserve(img);
      observer.observe(img);
    },
    reassess(img) {
      const image = registry.images.get(img);
      if (image) report(image, image.width, image.height, image.visible);
    },
    unobserve: (img) => observer.unobserve(img),
  };
}
