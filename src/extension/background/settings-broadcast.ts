// Content scripts do not read storage (see restrictStorage); when the settings change, every tab is told
// to ask for its site.config again, so a site switched off in the popup loses its badges at once.
import { browser } from '../shared/browser-api';
import { sendToTab } from '../shared/messaging';
import { SETTINGS_KEY } from '../shared/settings';

export function broadcastSettingsChanges(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
    void browser.tabs.query({}).then((tabs) => {
      for (const tab of tabs) {
        // Tabs without our content script (extension pages, chrome:// pages) have nobody to answer.
        if (tab.id !== undefined) sendToTab(tab.id, 'settings.changed', {}).catch(() => undefined);
      }
    });
  });
}

/**
 * Chrome lets content scripts read and write storage.local by default; a page that takes over its renderer
 * could then change the settings. Content scripts get what they need through site.config instead. Older
 * Chrome and Firefox accept this for storage.session only, and refuse it here: nothing else changes then.
 */
export function restrictStorage(): void {
  const local = browser.storage.local as typeof browser.storage.local & { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> };
  local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
