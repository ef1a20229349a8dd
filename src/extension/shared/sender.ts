// Who sent a message, judged from what the browser says about the sender, never from the message itself.
import type { Runtime } from './browser-api';

export type Caller = 'extension' | 'content' | 'foreign';

export interface CallerInfo {
  caller: Caller;
  /** The sender's tab, for content scripts (and extension pages opened in a tab). */
  tabId?: number;
  frameId?: number;
  /** The sending frame's URL as the browser reports it (a content script's page; an extension page's own). */
  url?: string;
}

/**
 * Extension pages (popup, options, offscreen document) have a URL under the extension's own origin;
 * content scripts carry our id but the page's URL and a tab. Anything else is foreign.
 */
export function classifySender(sender: Runtime.MessageSender, ownId: string, ownOrigin: string): CallerInfo {
  const where: Omit<CallerInfo, 'caller'> = {};
  if (sender.tab?.id !== undefined) where.tabId = sender.tab.id;
  if (sender.frameId !== undefined) where.frameId = sender.frameId;
  if (sender.url !== undefined) where.url = sender.url;
  if (sender.id !== ownId) return { caller: 'foreign', ...where };
  if (sender.url !== undefined && sender.url.startsWith(ownOrigin)) return { caller: 'extension', ...where };
  if (sender.tab !== undefined) return { caller: 'content', ...where };
  return { caller: 'foreign', ...where };
}
