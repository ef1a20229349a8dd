// The background's start, the same in every browser but for how it reaches the engine host. Every
// listener is registered synchronously here: a service worker woken by an event only delivers it to
// listeners added during its first turn.
import { browser } from '../shared/browser-api';
import { createDispatcher } from '../shared/dispatcher';
import { createMenu, onMenuClick } from './context-menu';
import { setEngineLink, type EngineLink } from '../shared/engine-link';
import { backgroundHandlers } from './handlers';
import { pump } from './pump';
import { cancelTab, recoverQueue } from './queue';
import { broadcastSettingsChanges, restrictStorage } from './settings-broadcast';
import { installTestHooks } from './test-hooks';
import { welcomeOnInstall } from './welcome';

export function startBackground(link: EngineLink): void {
  setEngineLink(link);
  const self = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
  browser.runtime.onMessage.addListener(createDispatcher('background', backgroundHandlers, self));
  browser.runtime.onInstalled.addListener(createMenu);
  browser.runtime.onInstalled.addListener(welcomeOnInstall);
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClick(info, tab));
  browser.tabs.onRemoved.addListener((tabId) => void cancelTab(tabId));
  broadcastSettingsChanges();
  restrictStorage();
  if (__ORIGINLENS_TEST_BUILD__) installTestHooks();
  // Jobs queued before the worker last stopped carry on.
  void recoverQueue().then((pending) => {
    for (let i = 0; i < pending; i++) pump();
  });
}
