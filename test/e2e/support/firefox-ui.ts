// Reading the extension's UI in a page in Firefox. It lives in a closed shadow root; WebDriver BiDi hands
// one over when a node is serialised with includeShadowTree "all", which puppeteer's own evaluate does not
// ask for, so its realm's BiDi calls are made here directly. The tree comes back in shadow-ui.ts's shape.
import type { Page } from 'puppeteer-core';
import type { UiNode } from './shadow-ui';

interface BidiRealm {
  callFunction(fn: string, awaitPromise: boolean, options: Record<string, unknown>): Promise<{ type: string; result?: BidiValue; exceptionDetails?: { text: string } }>;
}
interface BidiValue {
  type: string;
  value?: unknown;
  sharedId?: string;
}

/** puppeteer-core's BiDi realm of the page's main frame (an internal of its BiDi implementation). */
function realmOf(page: Page): BidiRealm {
  const frame = page.mainFrame() as unknown as { realms?: { default?: { realm?: BidiRealm } } };
  const realm = frame.realms?.default?.realm;
  if (!realm) throw new Error('not a WebDriver BiDi page');
  return realm;
}

const TREE = `(root) => {
  const convert = (el) => {
    const attrs = {};
    for (const a of el.attributes) attrs[a.name] = a.value;
    const text = (function textOf(n) { return n.nodeType === 3 ? n.nodeValue : n.localName === 'style' ? '' : [...n.childNodes].map(textOf).join(''); })(el);
    const node = { tag: el.localName, attrs, text, children: [...el.children].filter((c) => c.localName !== 'style').map(convert) };
    const r = el.getBoundingClientRect();
    if (el.getClientRects().length > 0) node.box = { x: r.x, y: r.y, width: r.width, height: r.height };
    return node;
  };
  const text = [...root.childNodes].map((n) => n.nodeType === 3 ? n.nodeValue : n.localName === 'style' ? '' : n.textContent).join('');
  return JSON.stringify({ tag: '#shadow-root', attrs: { mode: root.mode }, text, children: [...root.children].filter((c) => c.localName !== 'style').map(convert) });
}`;

/** Our UI's shadow root as a tree, or undefined when the page has none (no badge, no overlay). */
export async function readUiFirefox(page: Page): Promise<UiNode | undefined> {
  const realm = realmOf(page);
  const host = await realm.callFunction(`() => document.querySelector('originlens-ui')`, false, {
    serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
    resultOwnership: 'root',
  });
  if (host.type === 'exception') throw new Error(host.exceptionDetails?.text);
  const shadow = (host.result?.value as { shadowRoot?: BidiValue | null } | undefined)?.shadowRoot;
  if (!shadow?.sharedId) return undefined;
  const tree = await realm.callFunction(TREE, false, { arguments: [{ sharedId: shadow.sharedId }], serializationOptions: {} });
  if (tree.type === 'exception') throw new Error(tree.exceptionDetails?.text);
  return JSON.parse(tree.result?.value as string) as UiNode;
}
