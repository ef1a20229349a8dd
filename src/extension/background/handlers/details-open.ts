// A click on a badge or on the overlay opens the popup (the tab's verdicts in detail) or, with no model
// installed, the welcome page's one step. Content scripts cannot open either themselves.
import { browser } from '../../shared/browser-api';
import type { Handler } from '../../shared/dispatcher';
import { openWelcome } from '../welcome';

export const detailsOpen: Handler<'background', 'details.open'> = async (args) => {
  if (args.page === 'welcome') {
    await openWelcome();
    return null;
  }
  if (args.page === 'options') {
    // Focuses the options tab when one is open already, so repeated clicks do not pile up tabs.
    await browser.runtime.openOptionsPage();
    return null;
  }
  try {
    await browser.action.openPopup();
  } catch {
    // openPopup needs a focused browser window (and Chrome 127 or later); say where to look instead.
    throw new Error('Click the OriginLens button in the toolbar to see the details.');
  }
  return null;
};
