// Where badges and the overlay live: a closed shadow root on an element of our own, appended to <html>
// outside the page's flow (absolutely placed, no size), so nothing the page lays out moves, page styles do
// not reach in, and page scripts cannot read or rewrite what it says (a closed root has no .shadowRoot).
import { STYLES } from './styles';

export const HOST_TAG = 'originlens-ui';

export interface UiRoot {
  host: HTMLElement;
  root: ShadowRoot;
  /** Puts the host back if the page removed it (some frameworks rewrite the whole document). */
  attach(): void;
}

let current: UiRoot | undefined;

function hostStyle(host: HTMLElement): void {
  const fixed: Record<string, string> = {
    all: 'initial',
    position: 'absolute',
    left: '0',
    top: '0',
    width: '0',
    height: '0',
    margin: '0',
    padding: '0',
    border: '0',
    overflow: 'visible',
    display: 'block',
    'z-index': '2147483647',
    'pointer-events': 'none',
    // A relayout boundary: adding, filling or moving a badge lays out our own subtree only, not the
    // page's (thousands of badges on a feed would otherwise lay the whole document out each frame).
    // Not paint containment, which would clip the badges to this box of no size.
    contain: 'size layout style',
  };
  // Important inline declarations win over any page rule.
  for (const [name, value] of Object.entries(fixed)) host.style.setProperty(name, value, 'important');
}

/** The session's UI root, made on first use and removed when the session ends. */
export function uiRoot(signal: AbortSignal): UiRoot {
  if (current) return current;
  const host = document.createElement(HOST_TAG);
  hostStyle(host);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLES;
  root.append(style);
  const ui: UiRoot = {
    host,
    root,
    attach() {
      if (!host.isConnected) document.documentElement.append(host);
    },
  };
  ui.attach();
  current = ui;
  signal.addEventListener(
    'abort',
    () => {
      host.remove();
      current = undefined;
    },
    { once: true },
  );
  return ui;
}
