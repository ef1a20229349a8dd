// The WebExtension API as promises in every browser: Firefox's own `browser`, and the same shape over
// Chrome's `chrome` through webextension-polyfill (which also lets an onMessage listener answer by
// returning a promise, which Chrome's own API does not accept).
import browser from 'webextension-polyfill';

export { browser };
export type { Runtime, Tabs, Menus } from 'webextension-polyfill';
