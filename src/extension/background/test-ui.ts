// Test builds only, for Firefox, where WebDriver BiDi cannot reach extension pages: reads and drives the
// extension's own pages open in tabs (popup.html?tab=ID, options.html), found with extension.getViews.
import { browser } from '../shared/browser-api';

export type UiAction = { query: string } | { fill: string; value: string } | { click: string };

export interface UiElement {
  text: string;
  attrs: Record<string, string>;
  checked?: boolean;
  /** For images: the decoded width, 0 when nothing rendered. */
  naturalWidth?: number;
}

function view(page: string): Document {
  const found = browser.extension.getViews({ type: 'tab' }).find((w) => w.location.pathname === `/${page}`);
  if (!found) throw new Error(`no ${page} open in a tab`);
  return found.document;
}

function one(doc: Document, selector: string): HTMLElement {
  const el = doc.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  return el;
}

/** `query`: every match with its text and attributes; `fill`: what typing leaves (value and an input event); `click`. */
export function ui(page: string, action: UiAction): UiElement[] | null {
  const doc = view(page);
  if ('query' in action) {
    return [...doc.querySelectorAll<HTMLElement>(action.query)].map((el) => ({
      text: el.innerText,
      attrs: Object.fromEntries([...el.attributes].map((a) => [a.name, a.value])),
      // By tag name: the page's elements are not instances of this page's classes.
      ...(el.localName === 'input' ? { checked: (el as HTMLInputElement).checked } : {}),
      ...(el.localName === 'img' ? { naturalWidth: (el as HTMLImageElement).naturalWidth } : {}),
    }));
  }
  if ('fill' in action) {
    const input = one(doc, action.fill) as HTMLInputElement;
    input.value = action.value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  } else {
    one(doc, action.click).click();
  }
  return null;
}
