// The background's handler table: one handler per message type, each in its own file.
import type { Handlers } from '../../dispatcher';
import { cacheClear } from './cache-clear';
import { detailsOpen } from './details-open';
import { engineStatus } from './engine-status';
import { imageAttribute } from './image-attribute';
import { imageAttributeInTab } from './image-attribute-in-tab';
import { queueState } from './queue-state';
import { settingsGet } from './settings-get';
import { settingsUpdate } from './settings-update';
import { siteConfig } from './site-config';
import { tabCancel } from './tab-cancel';
import { testInstallModels } from './test-install-models';

export const backgroundHandlers: Handlers<'background'> = {
  'image.attribute': imageAttribute,
  'tab.cancel': tabCancel,
  'site.config': siteConfig,
  'details.open': detailsOpen,
  'image.attributeInTab': imageAttributeInTab,
  'settings.get': settingsGet,
  'settings.update': settingsUpdate,
  'engine.status': engineStatus,
  'queue.state': queueState,
  'cache.clear': cacheClear,
  // esbuild replaces the flag with a constant and drops the installer from other bundles.
  ...(__ORIGINLENS_TEST_BUILD__ ? { 'test.installModels': testInstallModels } : {}),
};
