// A small badge on every image that counts: on sites in the person's auto-badge list as each image comes
// into view, elsewhere on the images the person asked about. Clicking a badge opens the overlay.
import type { Anchored, Anchors } from './anchors';
import type { Page } from './page';
import type { Tracked } from './registry';
import type { UiRoot } from './ui-root';
import { viewOf } from './view';

interface Badge {
  anchored: Anchored;
  key: string;
  /** Whether its image was on screen when the badge was last placed. */
  visible: boolean;
}

/** Longest data: URL kept in a badge's data-url (tests and debugging only need to tell images apart). */
const URL_NOTE = 200;

export function init(signal: AbortSignal, page: Page, ui: () => UiRoot, anchors: Anchors): void {
  const { registry, config } = page;
  const badges = new Map<Tracked, Badge>();

  const wanted = (image: Tracked) => {
    if (!image.big || image.url === '' || !registry.images.has(image.el)) return false;
    const entry = registry.entry(image.url);
    return entry.state !== 'waiting' && (config.autoBadges || entry.shown);
  };

  function render(image: Tracked): void {
    let badge = badges.get(image);
    if (!wanted(image)) {
      if (badge) {
        anchors.delete(badge.anchored);
        badge.anchored.node.remove();
        badges.delete(image);
      }
      return;
    }
    const entry = registry.entry(image.url);
    const view = viewOf(entry, config.modelReady);
    if (!badge) {
      const node = document.createElement('div');
      node.setAttribute('role', 'button');
      node.addEventListener('click', (event) => {
        event.stopPropagation();
        page.showOverlay(image.url, image.el);
      });
      ui().root.append(node);
      badge = { anchored: { node, target: image.el, inset: 6, width: 0, shown: () => image.visible }, key: '', visible: image.visible };
      badges.set(image, badge);
      anchors.add(badge.anchored);
    }
    // Placed again when it changed or its image came into view or left it; the rest stay where they are.
    const moved = badge.visible !== image.visible;
    badge.visible = image.visible;
    const key = `${view.look}\u0000${view.short}\u0000${view.detail ?? ''}\u0000${image.url}`;
    if (key === badge.key && !moved) return;
    if (key !== badge.key) {
      badge.key = key;
      const node = badge.anchored.node;
      node.className = `badge look-${view.look}`;
      node.textContent = view.short;
      node.title = view.detail === undefined ? view.title : `${view.title}: ${view.detail}`;
      node.dataset.kind = view.look;
      node.dataset.url = image.url.slice(0, URL_NOTE);
    }
    anchors.schedule(badge.anchored);
  }

  registry.onChange(render, signal);
  signal.addEventListener('abort', () => badges.clear(), { once: true });
}
