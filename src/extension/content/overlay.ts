// The overlay: after "Attribute this image" (the background's verdict.ready) or a click on a badge, a panel
// on the image says what the verdict is, with the probability of every class, or why there is none, and
// leads to the popup for details (or, when no model is installed, to the welcome page's one step).
import { send } from '../shared/messaging';
import type { Anchored, Anchors } from './anchors';
import { imageUrl } from './image-url';
import type { Page } from './page';
import type { UiRoot } from './ui-root';
import { percent } from '../../engine/verdict/verdict-text';
import { PROVENANCE_LOOKS, viewOf } from './view';

const WIDTH = 300;

interface Shown {
  url: string;
  anchored: Anchored;
  /** The record drawn last: the overlay is redrawn only when the verdict itself changes. */
  drawn?: unknown;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function init(signal: AbortSignal, page: Page, ui: () => UiRoot, anchors: Anchors): (url: string, target?: HTMLImageElement) => void {
  const { registry } = page;
  let shown: Shown | undefined;
  // The element the person right-clicked: the context menu names only its URL, which others may share.
  let rightClicked: HTMLImageElement | undefined;
  document.addEventListener(
    'contextmenu',
    (event) => {
      const target = event.composedPath()[0];
      rightClicked = target instanceof HTMLImageElement ? target : undefined;
    },
    { capture: true, signal },
  );

  function targetFor(url: string): HTMLImageElement | null {
    const shows = (img: HTMLImageElement | undefined) => img !== undefined && img.isConnected && (imageUrl(img) === url || img.src === url);
    if (shows(rightClicked)) return rightClicked!;
    const known = registry.showing(url).find((i) => i.el.isConnected);
    if (known) return known.el;
    return [...document.images].find(shows) ?? null;
  }

  function close(): void {
    if (!shown) return;
    anchors.delete(shown.anchored);
    shown.anchored.node.remove();
    shown = undefined;
  }

  function fill(node: HTMLElement, url: string): void {
    const view = viewOf(registry.entry(url), page.config.modelReady, page.config.provenance);
    node.className = `overlay look-${view.look}`;
    node.dataset.kind = view.look;
    node.replaceChildren();
    const closeButton = element('button', 'close', '×');
    closeButton.title = 'Close';
    closeButton.addEventListener('click', close);
    node.append(closeButton, element('p', 'title', view.title));
    if (view.detail !== undefined) node.append(element('p', 'detail', view.detail));
    for (const line of view.evidence ?? []) node.append(element('p', 'evidence', line));
    if (view.bars.length > 0) {
      const bars = element('div', 'bars');
      view.bars.forEach(({ name, p }, i) => {
        const row = element('div', i === 0 ? 'bar top' : 'bar');
        row.dataset.class = name;
        const track = element('div', 'track');
        const fillBar = element('div', 'fill');
        fillBar.style.width = `${Math.max(0, Math.min(100, p * 100)).toFixed(1)}%`;
        track.append(fillBar);
        row.append(element('span', 'name', name), track, element('span', 'value', percent(p)));
        bars.append(row);
      });
      node.append(bars);
    }
    // The file's own declaration, beside the model's verdict; a view made of it alone says it in its title.
    if (view.provenance && !PROVENANCE_LOOKS.has(view.look)) {
      const declared = element('div', `provenance kind-${view.provenance.kind}`);
      declared.append(element('p', 'provenance-label', `What the file declares: ${view.provenance.label}`), element('p', 'detail', view.provenance.detail));
      node.append(declared);
    }
    const record = registry.entry(url).record;
    // Test builds run a test encoder with random weights: say so wherever its verdicts appear.
    if (__ORIGINLENS_TEST_BUILD__ && record !== undefined && record.verdict.kind !== 'error') node.append(element('p', 'note', `Test build: ${record.verdict.encoder} has random weights.`));
    if (view.look !== 'pending') {
      const actions = element('div', 'actions');
      const toWelcome = view.look === 'no-model';
      const open = element('button', 'details', toWelcome ? 'Install a detector' : 'Details');
      open.addEventListener('click', () => {
        send('background', 'details.open', { page: toWelcome ? 'welcome' : 'popup' }).catch((error: unknown) => {
          node.append(element('p', 'note', error instanceof Error ? error.message : String(error)));
        });
      });
      actions.append(open);
      node.append(actions);
    }
  }

  function show(url: string, target?: HTMLImageElement): void {
    close();
    const node = element('div', 'overlay');
    node.setAttribute('role', 'dialog');
    node.setAttribute('aria-label', 'OriginLens verdict');
    node.dataset.url = url.slice(0, 200);
    ui().root.append(node);
    const anchorTarget = target ?? targetFor(url);
    shown = { url, anchored: { node, target: anchorTarget, inset: 8, width: WIDTH, shown: () => true }, drawn: registry.entry(url).record };
    fill(node, url);
    anchors.add(shown.anchored);
  }

  // A verdict that arrives while the overlay shows its image (pending until then) is shown at once.
  registry.onChange((image) => {
    if (!shown || image.url !== shown.url || registry.entry(shown.url).record === shown.drawn) return;
    shown.drawn = registry.entry(shown.url).record;
    fill(shown.anchored.node, shown.url);
  }, signal);
  document.addEventListener('keydown', (event) => (event.key === 'Escape' ? close() : undefined), { capture: true, signal });
  signal.addEventListener('abort', close, { once: true });
  return show;
}
