// Which images are on screen, and how large they are drawn. The IntersectionObserver reports both without
// forcing a layout; observing an element again makes it report afresh (after its URL or size changed).
import { isBigEnough } from './image-url';
import type { Page } from './page';

export interface Visibility {
  observe(img: HTMLImageElement): void;
  unobserve(img: HTMLImageElement): void;
}

/** `onSeen` runs for an image that is drawn large enough and has just come into view. */
export function init(signal: AbortSignal, page: Page, onSeen: (url: string) => void): Visibility {
  const { registry, config } = page;
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const image = registry.images.get(entry.target as HTMLImageElement);
      if (!image) continue;
      const { width, height } = entry.boundingClientRect;
      const wasSeen = image.visible && image.big;
      image.width = width;
      image.height = height;
      image.visible = entry.isIntersecting;
      image.big = isBigEnough(image.el, width, height, config.minImageSize);
      registry.changed(image);
      if (image.visible && image.big && !wasSeen && image.url !== '') onSeen(image.url);
    }
  });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  return {
    observe(img) {
      observer.unobserve(img);
      observer.observe(img);
    },
    unobserve: (img) => observer.unobserve(img),
  };
}
