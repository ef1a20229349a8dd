// A small badge on every image that counts: on sites in the person's auto-badge list as each image comes
// into view, elsewhere on the images the person asked about. Clicking a badge opens the overlay.
import type { Anchored, Anchors } from './anchors';
import type { Page } from './page';
import type { Tracked } from './registry';
import type { UiRoot } from './ui-root';
import { viewOf, type View } from './view';

interface Badge {
  anchored: Anchored;
  /** What the badge should say, and what its node says (written with the anchors' writes). */
  view: View;
  key: string;
  drawn: string;
  /** The image URL its data-url names. */
  noted: string;
  /** Whether its image was on screen when the badge was last placed. */
  visible: boolean;
  /** Widest the badge may be to end inside its image, and the width its node was given. */
  room: number;
  roomDrawn: number;
}

/** Longest data: URL kept in a badge's data-url (tests and debugging only need to tell images apart). */
const URL_NOTE = 200;

/** Distance of a badge from its image's edges. */
const INSET = 6;

/** Room a badge takes: its inset on both sides, its padding and border, and about 7.5 pixels a character. */
const badgeWidth = (text: string) => 2 * INSET + 17 + 7.5 * text.length;

/**
 * The widest a badge may be (300 pixels at most, as styles.ts says): words wider than the estimate above (a long or wide generator name) are cut
 * with an ellipsis rather than stick out of the image.
 */
const roomIn = (imageWidth: number) => Math.min(300, Math.max(0, Math.floor(imageWidth) - 2 * INSET));

/**
 * The view with the shorter words where the full ones would stick out of the image (an "AI: name 87%"
 * badge is wider than a 128-pixel image). The image's width comes from the IntersectionObserver, so
 * choosing reads no layout.
 */
function fitted(view: View, imageWidth: number): View {
  return view.tiny === undefined || badgeWidth(view.short) <= imageWidth ? view : { ...view, short: view.tiny };
}

const keyOf = (view: View) => `${view.look}\u0000${view.short}\u0000${view.title}\u0000${view.detail ?? ''}\u0000${(view.evidence ?? []).join('\n')}`;

function fill(node: HTMLElement, view: View): void {
  node.className = `badge look-${view.look}`;
  node.textContent = view.short;
  // The title (a tooltip) names each head that made the verdict and what it said, as the overlay does.
  node.title = [view.detail === undefined ? view.title : `${view.title}: ${view.detail}`, ...(view.evidence ?? [])].join('\n');
  node.setAttribute('data-kind', view.look);
}

export function init(signal: AbortSignal, page: Page, ui: () => UiRoot, anchors: Anchors): void {
  const { registry, config } = page;
  const badges = new Map<Tracked, Badge>();
  /** A finished node per look and wording: a feed's thousand pending badges are copies of one. */
  const templates = new Map<string, HTMLElement>();

  const wanted = (image: Tracked) => {
    if (!image.big || image.url === '' || !registry.images.has(image.el)) return false;
    const entry = registry.entry(image.url);
    return entry.state !== 'waiting' && (config.autoBadges || entry.shown);
  };

  function made(view: View, key: string): HTMLElement {
    let template = templates.get(key);
    if (!template) {
      template = document.createElement('div');
      template.setAttribute('role', 'button');
      fill(template, view);
      templates.set(key, template);
    }
    return template.cloneNode(true) as HTMLElement;
  }

  // One click listener for every badge of the session, on our root, rather than one per badge.
  const owners = new WeakMap<Element, Tracked>();
  let listening: ShadowRoot | undefined;
  const onClick = (event: Event) => {
    const image = event.target instanceof Element ? owners.get(event.target) : undefined;
    if (!image) return;
    event.stopPropagation();
    page.showOverlay(image.url, image.el);
  };

  function write(image: Tracked, badge: Badge): void {
    const node = badge.anchored.node;
    if (badge.drawn !== badge.key) {
      badge.drawn = badge.key;
      fill(node, badge.view);
    }
    if (badge.noted !== image.url) {
      badge.noted = image.url;
      node.setAttribute('data-url', image.url.slice(0, URL_NOTE));
    }
    if (badge.roomDrawn !== badge.room) {
      badge.roomDrawn = badge.room;
      node.style.maxWidth = `${badge.room}px`;
    }
    if (node.isConnected) return;
    const { root } = ui();
    if (listening !== root) {
      listening = root;
      root.addEventListener('click', onClick, { signal });
    }
    root.append(node);
  }

  function render(image: Tracked): void {
    const badge = badges.get(image);
    if (!wanted(image)) {
      if (badge) {
        anchors.delete(badge.anchored);
        badge.anchored.node.remove();
        badges.delete(image);
      }
      return;
    }
    const view = fitted(viewOf(registry.entry(image.url), config.modelReady, config.provenance), image.width);
    const key = keyOf(view);
    if (!badge) {
      // Made here, out of the document; put in it with the next placement.
      const node = made(view, key);
      owners.set(node, image);
      const fresh: Badge = { anchored: { node, target: image.el, inset: INSET, width: 0, shown: () => image.visible, write: () => write(image, fresh) }, view, key, drawn: key, noted: '', visible: image.visible, room: roomIn(image.width), roomDrawn: -1 };
      badges.set(image, fresh);
      anchors.add(fresh.anchored);
      return;
    }
    // Placed again when it changed or its image came into view or left it; the rest stay where they are.
    const moved = badge.visible !== image.visible;
    badge.visible = image.visible;
    const room = roomIn(image.width);
    if (key === badge.key && image.url === badge.noted && room === badge.room && !moved) return;
    badge.room = room;
    badge.key = key;
    badge.view = view;
    anchors.schedule(badge.anchored);
  }

  registry.onChange(render, signal);
  signal.addEventListener('abort', () => badges.clear(), { once: true });
}
