// The background's settings, read fresh each time: the worker may have been restarted, and the options
// page may have changed them, so nothing is cached in memory.
import { browser } from '../shared/browser-api';
import { loadSettings, updateSettings, type Settings } from '../shared/settings';

export const settingsStorage = {
  get: (key: string) => browser.storage.local.get(key),
  set: (items: Record<string, unknown>) => browser.storage.local.set(items),
};

export const currentSettings = (): Promise<Settings> => loadSettings(settingsStorage);
export const changeSettings = (patch: unknown): Promise<Settings> => updateSettings(settingsStorage, patch);
