// Single-page applications change the URL without loading a new document (history.pushState). Content
// scripts live in their own world and cannot see the page's calls to pushState, so the URL itself is
// watched: the Navigation API's event where the browser has it, and a slow poll (plus popstate) elsewhere.
// Changes of the fragment alone (#section) are not navigations to a new page.

const POLL_MS = 1000;

const withoutHash = (href: string) => href.split('#')[0] ?? href;

interface NavigationLike extends EventTarget {
  readonly currentEntry: unknown;
}

export function init(signal: AbortSignal, onNavigate: () => void): void {
  let last = withoutHash(location.href);
  const check = () => {
    const now = withoutHash(location.href);
    if (now === last) return;
    last = now;
    onNavigate();
  };
  const navigation = (globalThis as { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener('currententrychange', check, { signal });
  window.addEventListener('popstate', check, { signal });
  const timer = setInterval(check, POLL_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
