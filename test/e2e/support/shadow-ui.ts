// Reading the extension's UI in a page. It lives in a closed shadow root, which page scripts (and so
// playwright's locators) cannot enter; the DevTools protocol can, with `pierce`. The tree comes back as
// plain data: tag, attributes, text and, for shown elements, their box in viewport coordinates.
import type { Page } from 'playwright-core';

export interface UiNode {
  tag: string;
  attrs: Record<string, string>;
  /** All text inside, concatenated. */
  text: string;
  children: UiNode[];
  /** Border box in CSS pixels relative to the viewport; absent for elements that are not rendered. */
  box?: { x: number; y: number; width: number; height: number };
}

const HOST = 'originlens-ui';

/** The part of the DevTools protocol's DOM.Node read here (playwright-core does not export its types). */
interface DomNode {
  nodeId: number;
  nodeType: number;
  localName: string;
  nodeValue: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: string;
}

function find(node: DomNode, test: (n: DomNode) => boolean): DomNode | undefined {
  if (test(node)) return node;
  for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
    const hit = find(child, test);
    if (hit) return hit;
  }
  return undefined;
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return node.nodeValue;
  if (node.localName === 'style') return '';
  return (node.children ?? []).map(textOf).join('');
}

/** Our UI's shadow root as a tree, or undefined when the page has none (no badge, no overlay). */
export async function readUi(page: Page): Promise<UiNode | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root }: { root: DomNode } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const host = find(root, (n) => n.localName === HOST);
    const shadow = host?.shadowRoots?.[0];
    if (!shadow) return undefined;
    const convert = async (node: DomNode): Promise<UiNode> => {
      const attrs: Record<string, string> = {};
      for (let i = 0; i + 1 < (node.attributes ?? []).length; i += 2) attrs[node.attributes![i]!] = node.attributes![i + 1]!;
      const children = await Promise.all((node.children ?? []).filter((c) => c.nodeType === 1).map(convert));
      const out: UiNode = { tag: node.localName, attrs, text: textOf(node), children };
      if (node.nodeType === 1 && node.localName !== 'style') {
        const model = await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId }).catch(() => undefined);
        const q = model?.model.border;
        if (q) out.box = { x: q[0]!, y: q[1]!, width: q[2]! - q[0]!, height: q[5]! - q[1]! };
      }
      return out;
    };
    const tree = await convert(shadow);
    return { ...tree, attrs: { ...tree.attrs, mode: shadow.shadowRootType ?? '' } };
  } finally {
    await cdp.detach();
  }
}

/** Every element of the tree whose class list has `name`. */
export function byClass(tree: UiNode | undefined, name: string): UiNode[] {
  if (!tree) return [];
  const mine = (tree.attrs.class ?? '').split(/\s+/).includes(name) ? [tree] : [];
  return [...mine, ...tree.children.flatMap((c) => byClass(c, name))];
}

/** Badges (shown or not), with what they say. */
export const badgesOf = (tree: UiNode | undefined) => byClass(tree, 'badge');
export const shownBadges = (tree: UiNode | undefined) => badgesOf(tree).filter((b) => !('hidden' in b.attrs));

/** Polls until `check` gives a value (not undefined), or fails after `ms` saying what it waited for. */
export async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
