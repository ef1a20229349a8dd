// Keeps our UI over the images it belongs to. The host sits at the document's origin with position:
// absolute, so a badge placed in document coordinates scrolls with the page at no cost; what moves the
// image otherwise (resizing, inner scrolling boxes, content above it growing) is caught by scroll and resize
// events and a slow check, and every move is one batch of reads, then one of writes, just after a frame was
// drawn: the page's layout is clean then, so the reads cost little, where reading in the animation frame
// itself would make our script pay for laying out whatever the page changed since the last frame.
// A page may show thousands of images: a new or changed badge places only itself (the whole set is placed
// on scroll, resize and the slow check), and a node is written only when where it goes has changed, so
// that an unchanged badge does not make the browser restyle it (which the next frame's reads would pay).
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
}

const CHECK_MS = 1000;
/**
 * Items the slow check places per round, in turn: on a page of thousands of badges, reading every box each
 * second would cost the page tens of milliseconds a second for nothing. Scrolling and resizing still place
 * them all at once; only a move nothing announces reaches a badge of a very full page a few seconds late.
 */
const CHECK_ITEMS = 200;

export class Anchors {
  private readonly items = new Set<Anchored>();
  /** What the next frame places: these items, or every item when `all`. */
  private readonly dirty = new Set<Anchored>();
  private all = false;
  /** What each node was last given ("hidden" or "x,y"), to skip writes that change nothing. */
  private readonly written = new WeakMap<Anchored, string>();
  private frame = 0;
  private afterFrame: ReturnType<typeof setTimeout> | undefined;
  /** Where the slow check goes on from. */
  private checked = 0;

  constructor(
    private readonly ui: () => UiRoot,
    signal: AbortSignal,
  ) {
    const schedule = () => this.scheduleAll();
    window.addEventListener('scroll', schedule, { capture: true, passive: true, signal });
    window.addEventListener('resize', schedule, { passive: true, signal });
    const timer = setInterval(() => this.check(), CHECK_MS);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      cancelAnimationFrame(this.frame);
      clearTimeout(this.afterFrame);
      this.items.clear();
      this.dirty.clear();
    });
  }

  add(item: Anchored): void {
    this.items.add(item);
    this.schedule(item);
  }

  delete(item: Anchored): void {
    this.items.delete(item);
    this.dirty.delete(item);
  }

  /** Places `item` (its node changed) in the next frame. */
  schedule(item: Anchored): void {
    this.dirty.add(item);
    this.requestFrame();
  }

  /** Places every item in the next frame (something may have moved them all). */
  scheduleAll(): void {
    this.all = true;
    this.requestFrame();
  }

  private check(): void {
    if (this.items.size <= CHECK_ITEMS) {
      if (this.items.size > 0) this.scheduleAll();
      return;
    }
    const items = [...this.items];
    for (let k = 0; k < CHECK_ITEMS; k++) this.dirty.add(items[(this.checked + k) % items.length]!);
    this.checked = (this.checked + CHECK_ITEMS) % items.length;
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frame !== 0) return;
    // A task queued from an animation frame callback runs once that frame is drawn.
    this.frame = requestAnimationFrame(() => {
      this.afterFrame = setTimeout(() => this.place(), 0);
    });
  }

  private place(): void {
    this.frame = 0;
    const items = this.all ? [...this.items] : [...this.dirty].filter((item) => this.items.has(item));
    this.all = false;
    this.dirty.clear();
    // Nothing to place: no UI is made (most pages never need any).
    if (items.length === 0) return;
    const ui = this.ui();
    ui.attach();
    const origin = ui.host.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    // Reads first, for every item, then writes: one layout, however many badges.
    const moves: { item: Anchored; x: number; y: number; show: boolean }[] = [];
    for (const item of items) {
      if (item.target === null) {
        moves.push({ item, x: width - item.width - 16 - origin.left, y: 16 - origin.top, show: item.shown() });
        continue;
      }
      // Off screen by the IntersectionObserver's word: hidden without reading its box.
      if (!item.shown()) {
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
      const where = show ? `${Math.round(x)}px, ${Math.round(y)}px` : 'hidden';
      if (this.written.get(item) === where) continue;
      this.written.set(item, where);
      item.node.hidden = !show;
      if (show) item.node.style.transform = `translate(${where})`;
    }
  }
}
