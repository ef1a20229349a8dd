// "Attribute this image" on every image's context menu. The verdict reaches the page's content script
// as a verdict.ready message, like every other verdict.
import type { Menus, Tabs } from '../shared/browser-api';
import { sendToTab } from '../shared/messaging';
import { checkImageUrl } from '../shared/protocol-validate';
import type { VerdictRecord } from '../shared/protocol';
import { errorRecord } from '../shared/verdicts';
import { attribute } from './attribute';
import { isEnrolMenu, onEnrolClick, type EnrolClick } from './references/menu-click';
import { MENU_ATTRIBUTE, refreshMenus } from './references/menus';

export const MENU_ID = MENU_ATTRIBUTE;

/** Menus persist across worker restarts: created once, at install or update (and when the reference set's classes change). */
export function createMenu(): void {
  void refreshMenus();
}

export async function onMenuClick(info: Menus.OnClickData, tab: Tabs.Tab | undefined): Promise<VerdictRecord | EnrolClick | undefined> {
  if (isEnrolMenu(info.menuItemId)) return onEnrolClick(info);
  if (info.menuItemId !== MENU_ID || info.srcUrl === undefined) return undefined;
  const record = await attributeSource(info.srcUrl, tab?.id ?? -1);
  // A tab without our content script (or closed meanwhile) has nobody to tell.
  if (tab?.id !== undefined) sendToTab(tab.id, 'verdict.ready', { url: info.srcUrl, record }).catch(() => undefined);
  return record;
}

async function attributeSource(srcUrl: string, tab: number): Promise<VerdictRecord> {
  if (srcUrl.startsWith('blob:')) {
    // Only the page can read its blob: URLs; its content script will send such images' bytes.
    return errorRecord('This image exists only inside the page (a blob: URL); OriginLens cannot fetch it.');
  }
  let url: string;
  try {
    url = checkImageUrl(srcUrl);
  } catch (error) {
    return errorRecord(`This image cannot be attributed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return attribute({ url, tab, priority: 'click' });
}
