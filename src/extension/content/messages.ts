// What the background and the popup ask of the content script: verdicts of the context menu, the page's
// images, "attribute all", and a nudge when the settings changed. The dispatcher answers extension
// contexts only (a page cannot reach these), and only the current page session is consulted.
import type { Handlers } from '../shared/dispatcher';
import type { Page } from './page';

export function contentHandlers(current: () => Page | undefined, settingsChanged: () => Promise<void>): Handlers<'content'> {
  const page = () => {
    const p = current();
    if (!p) throw new Error('the page is still starting');
    return p;
  };
  return {
    'verdict.ready': async ({ url, record }) => {
      const p = page();
      if (url.startsWith('blob:') && record.verdict.kind === 'error') {
        // The background cannot fetch a page's blob: image; this page can, and sends its bytes (requests.ts).
        p.registry.settle(url, { state: 'waiting', record: undefined });
        p.want([url], { everything: true, shown: true });
      } else {
        p.registry.settle(url, { state: 'done', record, shown: true });
      }
      p.showOverlay(url);
      return null;
    },
    'page.images': async () => {
      const { registry } = page();
      return registry.found().map((image) => registry.pageImage(image));
    },
    'page.attributeAll': async () => {
      const p = page();
      // Visible images first: want() sends them first whatever the order; the rest in page order.
      const queued = p.want(new Set(p.registry.found().map((i) => i.url)), { everything: true, shown: true });
      return { queued };
    },
    'settings.changed': async () => {
      await settingsChanged();
      return null;
    },
  };
}
