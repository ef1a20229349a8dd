// Finds the page's images: those there at start, those added later (lazy loading, infinite scroll) through
// a MutationObserver, and URL changes (srcset picking another candidate, a lazy loader swapping src) through
// attribute changes and the end of loading. All of it in slices (slices.ts): a feed may hold thousands of
// images.
import { LoadWatch } from './load-watch';
import { SliceQueue } from './slices';

type Item = { add: Node } | { remove: Node };

export interface Discovery {
  /** Called for each image found or whose URL may have changed. */
  onImage(img: HTMLImageElement): void;
  onGone(img: HTMLImageElement): void;
}

function imagesIn(node: Node): HTMLImageElement[] {
  if (node instanceof HTMLImageElement) return [node];
  if (node instanceof Element || node instanceof Document || node instanceof DocumentFragment) return [...node.querySelectorAll('img')];
  return [];
}

export function init(signal: AbortSignal, found: Discovery): void {
  // currentSrc and the natural size are settled once an image has loaded (or failed): it is looked at again then.
  const loads = new LoadWatch((img) => queue.push({ add: img }), signal);
  const queue = new SliceQueue<Item>((item) => {
    if ('add' in item) {
      // Moved again or removed since: the latest record decides.
      if (!item.add.isConnected) return;
      if (item.add instanceof HTMLImageElement) {
        found.onImage(item.add);
        loads.watch(item.add);
      }
      // A subtree becomes one item per image, so that a whole feed is still handled slice by slice.
      else for (const img of imagesIn(item.add)) queue.push({ add: img });
    } else {
      if (item.remove.isConnected) return;
      for (const img of imagesIn(item.remove)) found.onGone(img);
    }
  }, signal);

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        const target = record.target;
        // A <source> of a <picture> changes which candidate its <img> shows.
        const img = target instanceof HTMLSourceElement ? target.parentElement?.querySelector('img') : target;
        if (img instanceof HTMLImageElement) queue.push({ add: img });
        continue;
      }
      record.removedNodes.forEach((node) => queue.push({ remove: node }));
      record.addedNodes.forEach((node) => queue.push({ add: node }));
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['src', 'srcset', 'sizes'] });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  queue.push({ add: document });
}
