// Tells when images that were still loading are done (loaded or broken), in batches. A load event per
// image would cost the page a task of this script per image, and a feed loads thousands at once; reading
// `complete` is cheap, so the images still loading are looked at together every so often instead, more
// rarely while none of them finishes (lazy images far below the fold may wait for a long time).
// An image that can show another candidate later (srcset, <picture>: the window grew, the zoom changed)
// gets a load listener of its own once it has loaded: such a switch changes no attribute.

/** How soon after an image finished it is looked at again, at most (while others keep finishing). */
const FIRST_MS = 200;
const LONGEST_MS = 1000;
/** Reads of `complete` per millisecond of waiting, at most: a thousand images loading are looked at twice a second. */
const READS_PER_MS = 2;

const switchesCandidates = (img: HTMLImageElement) => img.srcset !== '' || img.parentElement instanceof HTMLPictureElement;

export class LoadWatch {
  private readonly loading = new Set<HTMLImageElement>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private delay = FIRST_MS;
  private readonly reload = (event: Event) => this.done(event.target as HTMLImageElement);

  constructor(
    private readonly done: (img: HTMLImageElement) => void,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => {
      clearTimeout(this.timer);
      this.loading.clear();
    });
  }

  /** Calls `done` once `img` has finished loading, unless it already has. */
  watch(img: HTMLImageElement): void {
    if (this.signal.aborted) return;
    if (img.complete) {
      this.listen(img);
      return;
    }
    this.loading.add(img);
    this.delay = this.soonest();
    this.timer ??= setTimeout(() => this.check(), this.delay);
  }

  /** Many images loading at once are looked at less often: a look costs a read of each. */
  private soonest(): number {
    return Math.min(LONGEST_MS, Math.max(FIRST_MS, this.loading.size / READS_PER_MS));
  }

  private listen(img: HTMLImageElement): void {
    // The same listener twice is one listener: watching an image again adds nothing.
    if (!switchesCandidates(img)) return;
    img.addEventListener('load', this.reload, { signal: this.signal });
    img.addEventListener('error', this.reload, { signal: this.signal });
  }

  private check(): void {
    this.timer = undefined;
    let finished = 0;
    for (const img of this.loading) {
      if (img.complete) {
        this.loading.delete(img);
        finished++;
        this.done(img);
      } else if (!img.isConnected) {
        this.loading.delete(img);
      }
    }
    if (this.loading.size === 0) return;
    this.delay = finished > 0 ? this.soonest() : Math.min(this.delay * 2, LONGEST_MS);
    this.timer = setTimeout(() => this.check(), this.delay);
  }
}
