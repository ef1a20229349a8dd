// One page's session of the content script: from load (or a single-page navigation) until the next one.
// Every feature of the session is started with its signal and cleans up when it aborts.
import type { SiteConfig } from '../shared/protocol';
import type { Registry } from './registry';

export interface Page {
  signal: AbortSignal;
  config: SiteConfig;
  registry: Registry;
  /** Asks for the verdicts of these URLs (requests.ts), visible images first. */
  want(urls: Iterable<string>, options?: { everything?: boolean; shown?: boolean }): number;
  /** Shows the overlay of a URL's verdict on `target`, or on an image that shows it (overlay.ts). */
  showOverlay(url: string, target?: HTMLImageElement): void;
}
