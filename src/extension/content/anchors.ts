// Keeps our UI over the images it belongs to. The host sits at the document's origin with position:
// absolute, so a badge placed in document coordinates scrolls with the page at no cost; what moves the
// image otherwise (resizing, inner scrolling boxes, content above it growing) is caught by scroll and resize
// events and a slow check, and every move is one batch of reads, then one of writes, in an animation frame.
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

export class Anchors {
  private readonly items = new Set<Anchored>();
  private frame = 0;

  constructor(
    private readonly ui: () => UiRoot,
    signal: AbortSignal,
  ) {
    const schedule = () => this.schedule();
    window.addEventListener('scroll', schedule, { capture: true, passive: true, signal });
    window.addEventListener('resize', schedule, { passive: true, signal });
    const timer = setInterval(() => (this.items.size > 0 ? schedule() : undefined), CHECK_MS);
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      cancelAnimationFrame(this.frame);
      this.items.clear();
    });
  }

  add(item: Anchored): void {
    this.items.add(item);
    this.schedule();
  }

  delete(item: Anchored): void {
    this.items.delete(item);
  }

  schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.place());
  }

  private place(): void {
    this.frame = 0;
    // Nothing to place: no UI is made (most pages never need any).
    if (this.items.size === 0) return;
    const ui = this.ui();
    ui.attach();
    const origin = ui.host.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = document.documentElement.clientHeight;
    // Reads first, for every item, then writes: one layout, however many badges.
    const moves: { node: HTMLElement; x: number; y: number; show: boolean }[] = [];
    for (const item of this.items) {
      if (item.target === null) {
        moves.push({ node: item.node, x: width - item.width - 16 - origin.left, y: 16 - origin.top, show: item.shown() });
        continue;
      }
      // Off screen by the IntersectionObserver's word: hidden without reading its box.
      if (!item.shown()) {
        moves.push({ node: item.node, x: 0, y: 0, show: false });
        continue;
      }
      const r = item.target.getBoundingClientRect();
      const onScreen = item.target.isConnected && r.width > 0 && r.bottom > 0 && r.right > 0 && r.top < height && r.left < width;
      // Inside the visible part of the image, so that the badge never reaches past the page's own content.
      const left = Math.min(Math.max(r.left, 0), Math.max(r.right, 0)) + item.inset;
      const x = Math.max(0, Math.min(left, width - item.width - item.inset)) - origin.left;
      const y = Math.min(Math.max(r.top, 0), Math.max(r.bottom, 0)) + item.inset - origin.top;
      moves.push({ node: item.node, x, y, show: onScreen });
    }
    for (const { node, x, y, show } of moves) {
      node.hidden = !show;
      if (show) node.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    }
  }
}
