// Clicks on "This image is from…" items. A generator item carries an index into the names the menu was
// built from (read again from the database, so a stale menu cannot enrol under a name that is gone);
// "New generator…" opens the extension's own page, where the person types the name: a page cannot.
import { REAL } from '../../../engine/types';
import { browser, type Menus } from '../../shared/browser-api';
import type { EnrolResult, TrainingOutcome } from '../../shared/references/types';
import { addReference } from './add-reference';
import { MENU_ENROL_CLASS, MENU_ENROL_NEW, MENU_ENROL_REAL, menuGenerators } from './menus';

export type EnrolClick = { example: EnrolResult; training: TrainingOutcome } | { opened: string } | { error: string };

export function isEnrolMenu(id: string | number): boolean {
  return typeof id === 'string' && (id === MENU_ENROL_REAL || id === MENU_ENROL_NEW || id.startsWith(MENU_ENROL_CLASS));
}

export async function onEnrolClick(info: Menus.OnClickData): Promise<EnrolClick> {
  const id = String(info.menuItemId);
  const src = info.srcUrl;
  if (src === undefined) return { error: 'no image under the pointer' };
  try {
    if (id === MENU_ENROL_NEW) {
      const page = `${browser.runtime.getURL('enrol.html')}#${encodeURIComponent(src)}`;
      await browser.tabs.create({ url: page });
      return { opened: page };
    }
    let label = REAL;
    if (id !== MENU_ENROL_REAL) {
      const names = await menuGenerators();
      const name = names[Number(id.slice(MENU_ENROL_CLASS.length))];
      if (name === undefined) return { error: 'that generator is no longer in the reference set' };
      label = name;
    }
    return await addReference(src, label);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
