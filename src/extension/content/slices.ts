// Work on the page's main thread in short slices, so that discovering thousands of images never holds up
// the person's input: a task over 50 ms counts as "long" and delays clicks and scrolling.

/** Longest slice; what is left waits for the next task, after input and rendering had their turn. */
export const SLICE_MS = 8;

export class SliceQueue<T> {
  private items: T[] = [];
  private next = 0;
  private scheduled = false;

  constructor(
    private readonly work: (item: T) => void,
    private readonly signal: AbortSignal,
  ) {}

  push(item: T): void {
    if (this.signal.aborted) return;
    this.items.push(item);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.run(), 0);
  }

  private run(): void {
    this.scheduled = false;
    if (this.signal.aborted) {
      this.items = [];
      return;
    }
    const end = performance.now() + SLICE_MS;
    while (this.next < this.items.length && performance.now() < end) this.work(this.items[this.next++]!);
    if (this.next < this.items.length) {
      this.schedule();
    } else {
      this.items = [];
      this.next = 0;
    }
  }
}
