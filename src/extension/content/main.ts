// The content script: finds the page's images, asks for their verdicts, draws badges and the overlay.
// Each page session (the document, or each single-page navigation) starts every feature with one
// AbortSignal; aborting it removes every listener, observer and piece of UI the session made.
import { browser } from '../shared/browser-api';
import { createDispatcher } from '../shared/dispatcher';
import { send } from '../shared/messaging';
import type { SiteConfig } from '../shared/protocol';
import { Anchors } from './anchors';
import * as badges from './badges';
import * as discovery from './discovery';
import { imageUrl, sizedByAttributes } from './image-url';
import { contentHandlers } from './messages';
import * as navigation from './navigation';
import * as overlay from './overlay';
import type { Page } from './page';
import { Registry } from './registry';
import * as requests from './requests';
import { uiRoot } from './ui-root';
import * as visibility from './visibility';

interface Session {
  page: Page;
  controller: AbortController;
}

function startSession(config: SiteConfig): Session {
  const controller = new AbortController();
  const { signal } = controller;
  const registry = new Registry();
  const page: Page = { signal, config, registry, want: () => 0, showOverlay: () => undefined };
  const ui = () => uiRoot(signal);
  const anchors = new Anchors(ui, signal);
  page.want = requests.init(signal, page).want;
  page.showOverlay = overlay.init(signal, page, ui, anchors);
  badges.init(signal, page, ui, anchors);
  // On auto-badge sites an image is asked for as it comes into view; elsewhere only when the person asks.
  const seen = visibility.init(signal, page, (url) => (config.autoBadges || registry.entry(url).shown ? page.want([url]) : 0));
  discovery.init(signal, {
    onImage(img) {
      const known = registry.images.get(img);
      const image = known ?? registry.add(img);
      const url = imageUrl(img);
      const same = url === image.url;
      if (!same) {
        // A new picture in the same element: it must come into view afresh to be asked for.
        image.visible = false;
        registry.setUrl(image, url);
      }
      if (!known) seen.observe(img);
      // Seen before, showing the same picture, drawn at the size its attributes give: it has loaded, and
      // only its own pixels are new (a stretched 1x1 placeholder is no picture). Otherwise (a new picture,
      // or one whose drawn size may follow what it shows) its size and place are reported afresh.
      else if (same && sizedByAttributes(img)) seen.reassess(img);
      else seen.refresh(img);
    },
    onGone(img) {
      seen.unobserve(img);
      registry.remove(img);
    },
  });
  return { page, controller };
}

let session: Session | undefined;
let chain: Promise<unknown> = Promise.resolve();

/** Runs session changes one at a time, in order. */
function serially(step: () => Promise<void>): Promise<void> {
  const run = chain.then(step);
  chain = run.catch(() => undefined);
  return run;
}

function stop(): void {
  session?.controller.abort();
  session = undefined;
}

async function start(): Promise<void> {
  const config = await send('background', 'site.config', {});
  stop();
  session = startSession(config);
}

/** A new page in the same document: the old page's queued work is dropped before the new one asks. */
function navigated(): Promise<void> {
  return serially(async () => {
    stop();
    await send('background', 'tab.cancel', {}).catch(() => undefined);
    await start();
  });
}

/**
 * Any change may matter here: the site's switch, the minimum size, or thresholds that judge every verdict
 * anew. The page starts afresh; asking again costs no inference (the background answers from its cache).
 */
function settingsChanged(): Promise<void> {
  return serially(start);
}

function main(): void {
  const marked = globalThis as { originlensContent?: boolean };
  // One content script per document, even if the extension injects it again.
  if (marked.originlensContent === true) return;
  marked.originlensContent = true;
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
  browser.runtime.onMessage.addListener(createDispatcher('content', contentHandlers(() => session?.page, settingsChanged), self));
  const life = new AbortController();
  navigation.init(life.signal, () => void navigated());
  window.addEventListener('pagehide', () => {
    // Leaving (or going into the back-forward cache): the queued work of this page is not needed.
    void serially(async () => {
      stop();
      await send('background', 'tab.cancel', {}).catch(() => undefined);
    });
  });
  window.addEventListener('pageshow', (event) => (event.persisted ? void serially(start) : undefined));
  void serially(start);
}

main();
