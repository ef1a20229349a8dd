// Keeps our UI over the images it belongs to. The host sits at the document's origin with position:
// absolute, so a badge placed in document coordinates scrolls with the page at no cost; what moves the
// image otherwise (resizing, inner scrolling boxes, content above it growing) is caught by scroll and resize
// events and a slow check. Every move is one batch of reads, then one of writes, made inside the browser's
// own rendering of a frame, just after its layout (a ResizeObserver's callback runs there): the reads cost
// no layout of their own. Read from a task instead, they would make the page lay itself out once more for
// whatever changed since the frame (images finishing loading, our own new badges).
// A page may show thousands of images, so the work follows what is on screen, not how many badges exist: a
// new or changed badge places only itself; scroll, resize and the slow check place only the items shown
// when last placed (the IntersectionObserver's word: a badge whose image comes into view or leaves it is
// changed, and places itself); a frame places a bounded number of them; and a node is written only when
// where it goes has changed, so that an unchanged badge does not make the browser restyle it.
import type { UiRoot } from './ui-root';

export interface Anchored {
  node: HTMLElement;
  /** The image; null for the top-right corner of the window (an image we could not find). */
  target: Element | null;
  /** Distance from the image's top-left corner (clamped to the part of it on screen). */
  inset: number;
  /** Width of the node, to keep it inside the viewport (the overlay); 0 for small badges. */
  width: number;
  /** Shown only while the image is on screen. */
  shown(): boolean;
  /**
   * Brings the node up to date (puts it in the document, sets what it says), called with the writes: a
   * change made as soon as it is known would leave the layout dirty for the next batch of reads.
   */
  write?(): void;
}

/** How often the items on screen are placed again, for moves nothing announces (content above them growing). */
const CHECK_MS = 1000;
/**
 * Most items on screen one frame places (each costs a read of its image's box); the rest go on in the next
 * frames, the ones waiting longest first. Items off screen cost no read and are all handled at once.
 */
const FRAME_ITEMS = 250;

export class Anchors {
  private readonly items = new Set<Anchored>();
  /** What the next frames place, in the order they were asked for. */
  private readonly dirty = new Set<Anchored>();
  /**
   * Items shown (by their own word) when last placed: all that a scroll or a resize can move on screen.
   * Every other item is hidden, and stays so until its shown() changes, which its owner reports by
   * scheduling it.
   */
  private readonly live = new Set<Anchored>();
  /** What each node was last given ("hidden" or "x,y"), to skip writes that change nothing. */
  private readonly written = new WeakMap<Anchored, string>();
  /** Observed afresh to be called back in the next frame, once its layout is done (see above). */
  private readonly frames: ResizeObserver;
  private probe: HTMLElement | undefined;
  private waiting = false;

  constructor(
    private readonly ui: () => UiRoot,
    signal: AbortSignal,
  ) {
    this.frames = new ResizeObserver(() => {
      try {
        this.place();
      } finally {
        this.waiting = false;
      }
    });
    const schedule = () => this.scheduleAll();
    window.addEventListener('scroll', schedule, { capture: true, passive: true, signal });
    window.addEventListener('resize', schedule, { passive: true, signal });
    const timer = setInterval(() => this.scheduleAll(), CHECK_MS);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      this.frames.disconnect();
      this.items.clear();
      this.dirty.clear();
      this.live.clear();
    });
  }

  add(item: Anchored): void {
    this.items.add(item);
    this.schedule(item);
  }

  delete(item: Anchored): void {
    this.items.delete(item);
    this.dirty.delete(item);
    this.live.delete(item);
  }

  /** Places `item` (its node changed) in the next frame. */
  schedule(item: Anchored): void {
    this.dirty.add(item);
    this.requestFrame();
  }

  /** Places every item on screen in the next frame (something may have moved them all). */
  scheduleAll(): void {
    if (this.live.size === 0) return;
    for (const item of this.live) this.dirty.add(item);
    this.requestFrame();
  }

  private requestFrame(): void {
    // Nothing to place: no UI is made (most pages never need any).
    if (this.waiting || this.items.size === 0) return;
    this.waiting = true;
    const ui = this.ui();
    ui.attach();
    if (!this.probe) {
      // A point of our own (drawn, of some size, so that observing it reports it); nothing to see.
      this.probe = document.createElement('div');
      this.probe.style.cssText = 'position:absolute;left:0;top:0;width:1px;height:1px;visibility:hidden';
      ui.root.append(this.probe);
    }
    // A new observation of an element drawn at some size is reported in the next frame.
    this.frames.unobserve(this.probe);
    this.frames.observe(this.probe);
  }

  private place(): void {
    const items: Anchored[] = [];
    let budget = FRAME_ITEMS;
    for (const item of this.dirty) {
      if (!this.items.has(item)) {
        this.dirty.delete(item);
        continue;
      }
      const offScreen = item.target !== null && !item.shown();
      if (!offScreen) {
        if (budget === 0) continue;
        budget--;
      }
      this.dirty.delete(item);
      items.push(item);
    }
    // The rest in the frames after, so that no frame waits long for us. Not observed again from here:
    // an observation made inside the observer's callback would be reported in this same frame, beyond
    // the browser's loop limit, as an error event the page sees.
    if (this.dirty.size > 0) requestAnimationFrame(() => this.requestFrame());
    if (items.length === 0) return;
    const ui = this.ui();
    const origin = ui.host.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    // Reads first, for every item, then writes: one layout, however many badges.
    const moves: { item: Anchored; x: number; y: number; show: boolean }[] = [];
    for (const item of items) {
      const shown = item.shown();
      if (shown) this.live.add(item);
      else this.live.delete(item);
      if (item.target === null) {
        moves.push({ item, x: width - item.width - 16 - origin.left, y: 16 - origin.top, show: shown });
        continue;
      }
      // Off screen by the IntersectionObserver's word: hidden without reading its box.
      if (!shown) {
        moves.push({ item, x: 0, y: 0, show: false });
        continue;
      }
      const r = item.target.getBoundingClientRect();
      const onScreen = item.target.isConnected && r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < height && r.left < width;
      // Inside the visible part of the image, so that the badge never reaches past the page's own content.
      const left = Math.min(Math.max(r.left, 0), Math.max(r.right, 0)) + item.inset;
      const x = Math.max(0, Math.min(left, width - item.width - item.inset)) - origin.left;
      const y = Math.min(Math.max(r.top, 0), Math.max(r.bottom, 0)) + item.inset - origin.top;
      moves.push({ item, x, y, show: onScreen });
    }
    for (const { item, x, y, show } of moves) {
      item.write?.();
      const where = show ? `${Math.round(x)}px, ${Math.round(y)}px` : 'hidden';
      if (this.written.get(item) === where) continue;
      // A node is made shown: only a hidden one (or one to hide) needs the attribute written.
      if (item.node.hidden === show) item.node.hidden = !show;
      this.written.set(item, where);
      if (show) item.node.style.transform = `translate(${where})`;
    }
  }
}
