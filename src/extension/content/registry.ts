// The images the content script found on its page, and what is known of each image URL. Several <img>
// elements may show one URL (a feed repeats avatars and re-renders posts): work and verdicts are per URL,
// positions and visibility per element.
import type { PageImage, VerdictRecord } from '../shared/protocol';

export interface UrlEntry {
  url: string;
  state: PageImage['state'];
  record?: VerdictRecord;
  /** Asked for at background priority too (the popup's "attribute all"), not only while visible. */
  everything: boolean;
  /** Asked for by the person (popup, context menu): badged even where badges are not automatic. */
  shown: boolean;
}

export interface Tracked {
  el: HTMLImageElement;
  /** The URL the element shows now; '' while it shows none we can use. */
  url: string;
  /** Rendered size in CSS pixels, from the IntersectionObserver (reading it ourselves would force layout). */
  width: number;
  height: number;
  visible: boolean;
  /** Large enough to count as a picture rather than an icon, a spacer or a lazy-loading placeholder. */
  big: boolean;
}

type Listener = (image: Tracked) => void;

export class Registry {
  readonly images = new Map<HTMLImageElement, Tracked>();
  readonly urls = new Map<string, UrlEntry>();
  private readonly byUrl = new Map<string, Set<Tracked>>();
  private readonly listeners = new Set<Listener>();

  onChange(listener: Listener, signal: AbortSignal): void {
    this.listeners.add(listener);
    signal.addEventListener('abort', () => this.listeners.delete(listener), { once: true });
  }

  changed(image: Tracked): void {
    for (const listener of this.listeners) listener(image);
  }

  entry(url: string): UrlEntry {
    let entry = this.urls.get(url);
    if (!entry) {
      entry = { url, state: 'waiting', everything: false, shown: false };
      this.urls.set(url, entry);
    }
    return entry;
  }

  /** Elements showing `url` now. */
  showing(url: string): Tracked[] {
    return [...(this.byUrl.get(url) ?? [])];
  }

  add(el: HTMLImageElement): Tracked {
    const image: Tracked = { el, url: '', width: 0, height: 0, visible: false, big: false };
    this.images.set(el, image);
    return image;
  }

  setUrl(image: Tracked, url: string): void {
    if (image.url === url) return;
    this.byUrl.get(image.url)?.delete(image);
    image.url = url;
    if (url !== '') {
      let set = this.byUrl.get(url);
      if (!set) this.byUrl.set(url, (set = new Set()));
      set.add(image);
      this.entry(url);
    }
    this.changed(image);
  }

  remove(el: HTMLImageElement): Tracked | undefined {
    const image = this.images.get(el);
    if (!image) return undefined;
    this.images.delete(el);
    this.byUrl.get(image.url)?.delete(image);
    image.visible = false;
    this.changed(image);
    return image;
  }

  /** A verdict (or a change of state) for a URL reaches every element showing it. */
  settle(url: string, update: Partial<UrlEntry>): void {
    Object.assign(this.entry(url), update);
    for (const image of this.showing(url)) this.changed(image);
  }

  /** The images that count, in page order, as the popup lists them. */
  found(): Tracked[] {
    const list = [...this.images.values()].filter((i) => i.big && i.url !== '' && i.el.isConnected);
    return list.sort((a, b) => (a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  pageImage(image: Tracked): PageImage {
    const entry = this.entry(image.url);
    const out: PageImage = { url: image.url, width: Math.round(image.width), height: Math.round(image.height), visible: image.visible, state: entry.state };
    if (entry.record) out.record = entry.record;
    return out;
  }
}
