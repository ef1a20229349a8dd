// The context menu: "Attribute this image", and "This image is from…" with the person's generators, "This
// is a real photo" and "New generator…". Rebuilt from the database whenever the classes change (menus
// persist across service worker restarts, so this runs on install and after changes, not on every start).
import { REAL } from '../../../engine/types';
import { browser } from '../../shared/browser-api';
import { db } from '../../shared/db';
import { referenceEncoder } from './reference-encoder';

export const MENU_ATTRIBUTE = 'originlens-attribute-image';
export const MENU_ENROL = 'originlens-enrol';
export const MENU_ENROL_REAL = 'originlens-enrol-real';
export const MENU_ENROL_NEW = 'originlens-enrol-new';
/** Followed by the index of the class in the list below: ids stay short and never carry the name itself. */
export const MENU_ENROL_CLASS = 'originlens-enrol-class-';

/** The generator classes the menu lists, in the order their items are numbered. */
export async function menuGenerators(): Promise<string[]> {
  const encoder = await referenceEncoder();
  if (encoder === undefined) return [];
  const labels = (await db().references.where('encoder').equals(encoder).toArray()).map((r) => r.label);
  return [...new Set(labels)].filter((l) => l !== REAL).sort((a, b) => a.localeCompare(b));
}

let rebuilding: Promise<void> = Promise.resolve();

export function refreshMenus(): Promise<void> {
  // Serialised: removeAll and create from two rebuilds at once would clash on ids.
  rebuilding = rebuilding.then(build, build);
  return rebuilding;
}

async function build(): Promise<void> {
  const generators = await menuGenerators();
  await browser.contextMenus.removeAll();
  const contexts: ['image'] = ['image'];
  browser.contextMenus.create({ id: MENU_ATTRIBUTE, title: 'Attribute this image', contexts });
  browser.contextMenus.create({ id: MENU_ENROL, title: 'This image is from…', contexts });
  generators.forEach((name, i) => browser.contextMenus.create({ id: `${MENU_ENROL_CLASS}${i}`, parentId: MENU_ENROL, title: name, contexts }));
  if (generators.length > 0) browser.contextMenus.create({ id: 'originlens-enrol-separator', parentId: MENU_ENROL, type: 'separator', contexts });
  browser.contextMenus.create({ id: MENU_ENROL_NEW, parentId: MENU_ENROL, title: 'New generator…', contexts });
  browser.contextMenus.create({ id: MENU_ENROL_REAL, parentId: MENU_ENROL, title: 'This is a real photo', contexts });
}
